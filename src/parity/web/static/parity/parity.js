// Parity's only script: GOV.UK Frontend's progressive enhancements (menu toggle, error
// summary focus, password reveal ...). Every page works without it. It is an external
// module because the Content Security Policy allows no inline script; modules run after
// the page is parsed, so the classes GOV.UK Frontend expects are set here.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
