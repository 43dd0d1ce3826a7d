"""What a browser test checks on a page: axe-core, the keyboard alone, and reflow at 320 px.

    from tests.browser.checks import assert_accessible, assert_reflows, walk_keyboard

    page.goto("/")
    assert_accessible(page)
    walk = walk_keyboard(page)       # asserts skip link first, all reached, focus visible
    assert_reflows(page)             # reloads the page 320 px wide

Each assertion message says what failed and where, so a failure can be fixed from the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page

from tests.conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Elements a keyboard user must be able to reach, visible ones only; radios in a group are
# one tab stop (arrow keys move within it), so a group counts once.
_INTERACTIVE = """() => {
  // a map's areas are taken out of the Tab order on purpose (the map's table twin holds the
  // same links for the keyboard); any other link out of it is a fault the walk must find
  const selector = 'a[href]:not(.parity-map__link[tabindex="-1"]), button, input:not([type=hidden]), select, '
    + 'textarea, summary, [tabindex]:not([tabindex="-1"])';
  const seen = new Set();
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.closest('[hidden], [inert]')) continue;
    const box = el.getBoundingClientRect();
    // checkVisibility() also sees content folded away in a closed <details>.
    if (!el.checkVisibility({visibilityProperty: true}) || (box.width === 0 && box.height === 0)) continue;
    const key = el.type === 'radio' && el.name ? 'radio:' + el.name : null;
    if (key && seen.has(key)) continue;
    if (key) seen.add(key);
    found.push(key || el);
  }
  return found.map((item, i) => {
    if (typeof item === 'string') return item;
    item.dataset.kbdIndex = String(i);
    return 'index:' + i;
  });
}"""

# The styles that can show focus: the element's own, and for a GOV.UK radio or checkbox
# (an invisible input) the ::before of its label, which draws the box and its focus ring.
_STYLE = """const focusStyle = (el) => {
  const nodes = [[el, null]];
  if ((el.type === 'radio' || el.type === 'checkbox') && el.id) {
    const label = document.querySelector(`label[for="${el.id}"]`);
    if (label) nodes.push([label, '::before']);
  }
  return nodes.map(([node, pseudo]) => {
    const s = getComputedStyle(node, pseudo);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color,
            s.borderColor, s.borderWidth, s.textDecorationLine, s.textDecorationThickness].join('|');
  }).join('||');
};"""

_FOCUSED = (
    "() => {"
    + _STYLE
    + """
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect();
  const key = el.type === 'radio' && el.name ? 'radio:' + el.name
    : (el.dataset.kbdIndex ? 'index:' + el.dataset.kbdIndex : 'other');
  return {
    key,
    describe: el.outerHTML.slice(0, 120),
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
    style: focusStyle(el),
    inView: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
  };
}"""
)

_UNFOCUSED_STYLE = (
    "(key) => {"
    + _STYLE
    + """
  const el = key.startsWith('index:')
    ? document.querySelector(`[data-kbd-index="${key.slice(6)}"]`)
    : document.querySelector(`input[type=radio][name="${key.slice(6)}"]`);
  el.blur();
  return focusStyle(el);
}"""
)


def assert_accessible(page: Page, *, context: str | None = None) -> None:
    """Run axe-core (WCAG 2.0 to 2.2, A and AA) on the page as it is now; expect no violations.

    axe is evaluated through the DevTools protocol, which the page's Content Security
    Policy does not govern, so the policy stays as strict in tests as in production.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result: dict[str, Any] = page.evaluate(
        """async ([context, tags]) => await axe.run(context || document,
             {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        [context, WCAG_TAGS],
    )
    violations = result["violations"]
    if violations:
        lines = []
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
            lines += [
                f"    at {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}" for node in v["nodes"][:5]
            ]
        raise AssertionError(f"axe found {len(violations)} WCAG 2.2 AA violations on {page.url}:\n" + "\n".join(lines))


@dataclass(frozen=True)
class Stop:
    """One Tab stop: what received focus and whether the focus could be seen."""

    key: str
    describe: str
    text: str
    visible_change: bool
    in_view: bool


def walk_keyboard(page: Page, *, max_presses: int = 400) -> list[Stop]:
    """Tab through the page from the top and assert a keyboard user can use all of it.

    Asserts: the first stop is the skip link; every visible link and control is reached; each
    shows a visible change when focused (compared with its unfocused style); and each is
    scrolled into view when focused. Returns the stops in order, for further checks.
    """
    page.evaluate("() => { window.scrollTo(0, 0); document.activeElement && document.activeElement.blur(); }")
    expected: list[str] = page.evaluate(_INTERACTIVE)
    stops: list[dict[str, Any]] = []
    for _ in range(min(max_presses, 2 * len(expected) + 10)):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None or (stops and focused["key"] == stops[0]["key"]):
            break
        stops.append(focused)
    assert stops, f"Tab moved focus nowhere on {page.url}"
    first = stops[0]
    assert "govuk-skip-link" in first["describe"], f"the first Tab stop must be the skip link, not {first['describe']}"
    reached = {s["key"] for s in stops}
    missing = [key for key in expected if key not in reached]
    assert not missing, f"the keyboard never reaches these on {page.url}: " + ", ".join(
        page.evaluate(
            "(k) => k.map(x => x.startsWith('index:') ? document.querySelector(`[data-kbd-index='${x.slice(6)}']`)"
            ".outerHTML.slice(0, 100) : x)",
            missing,
        )
    )
    result = []
    for stop in stops:
        unfocused = page.evaluate(_UNFOCUSED_STYLE, stop["key"]) if stop["key"] != "other" else ""
        result.append(Stop(stop["key"], stop["describe"], stop["text"], stop["style"] != unfocused, stop["inView"]))
    invisible = [s.describe for s in result if not s.visible_change]
    assert not invisible, f"focus is not visible on {page.url} for: {invisible}"
    hidden = [s.describe for s in result if not s.in_view]
    assert not hidden, f"focused but scrolled out of view on {page.url}: {hidden}"
    return result


_OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  return [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !scrolls(el))
    .slice(0, 5).map(el => el.outerHTML.slice(0, 100));
}"""


def assert_reflows(page: Page, *, width: int = 320) -> None:
    """Reload the page `width` px wide (WCAG 1.4.10) and assert nothing needs sideways scrolling."""
    page.set_viewport_size({"width": width, "height": 800})
    page.reload()
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    if scroll_width > width:
        culprits = page.evaluate(_OVERFLOWING)
        raise AssertionError(
            f"{page.url} is {scroll_width} px wide at a {width} px viewport: it scrolls sideways. "
            f"Widest elements: {culprits}"
        )
