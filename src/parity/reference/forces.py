"""The 43 police force areas of England and Wales, plus British Transport Police.

Each force carries the names by which every source writes it, so that an importer can
recognise "Avon & Somerset" (Ethnicity facts and figures), "Avon and Somerset" (ONS) and
"avon-and-somerset" (data.police.uk) as one force. ONS police force area codes have not
changed across the 2011, 2016 and 2022 vintages; they are held per vintage all the same,
because a future boundary change would give a new code in one vintage only.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ForceInfo:
    slug: str  # data.police.uk identifier, used in file names and URLs
    name: str  # plain name, used on Parity's pages
    police_uk_name: str
    eff_name: str  # Ethnicity facts and figures / Home Office
    ons_name: str | None
    ons_code_2011: str | None
    ons_code_2016: str | None
    ons_code_2022: str | None
    country: str  # "England" or "Wales"; BTP covers Great Britain
    resident_population: bool = True
    rate_note: str = ""
    aliases: tuple[str, ...] = field(default=())

    @property
    def ons_code(self) -> str | None:
        return self.ons_code_2022


def _pfa(
    slug: str,
    name: str,
    police_uk_name: str,
    code: str,
    *,
    eff_name: str | None = None,
    ons_name: str | None = None,
    aliases: tuple[str, ...] = (),
    rate_note: str = "",
    resident_population: bool = True,
) -> ForceInfo:
    return ForceInfo(
        slug=slug,
        name=name,
        police_uk_name=police_uk_name,
        eff_name=eff_name or name,
        ons_name=ons_name or name,
        ons_code_2011=code,
        ons_code_2016=code,
        ons_code_2022=code,
        country="Wales" if code.startswith("W") else "England",
        aliases=aliases,
        rate_note=rate_note,
        resident_population=resident_population,
    )


CITY_OF_LONDON_NOTE = (
    "The City of London has about 8,600 residents but hundreds of thousands of people "
    "work in or visit it each day, so a rate per 1,000 residents does not describe the "
    "people it polices. The Home Office publishes no rate for it, and neither does Parity."
)
BTP_NOTE = (
    "British Transport Police polices the railways across Great Britain and has no "
    "resident population, so no rate per 1,000 residents can be given."
)

FORCES: tuple[ForceInfo, ...] = (
    _pfa(
        "avon-and-somerset",
        "Avon and Somerset",
        "Avon and Somerset Constabulary",
        "E23000036",
        eff_name="Avon & Somerset",
        aliases=("Avon & Somerset",),
    ),
    _pfa("bedfordshire", "Bedfordshire", "Bedfordshire Police", "E23000026"),
    _pfa("cambridgeshire", "Cambridgeshire", "Cambridgeshire Constabulary", "E23000023"),
    _pfa("cheshire", "Cheshire", "Cheshire Constabulary", "E23000006"),
    _pfa(
        "city-of-london",
        "City of London",
        "City of London Police",
        "E23000034",
        eff_name="London, City of",
        ons_name="London, City of",
        aliases=("City of London", "London, City of"),
        rate_note=CITY_OF_LONDON_NOTE,
    ),
    _pfa("cleveland", "Cleveland", "Cleveland Police", "E23000013"),
    _pfa("cumbria", "Cumbria", "Cumbria Constabulary", "E23000002"),
    _pfa("derbyshire", "Derbyshire", "Derbyshire Constabulary", "E23000018"),
    _pfa(
        "devon-and-cornwall",
        "Devon and Cornwall",
        "Devon & Cornwall Police",
        "E23000035",
        eff_name="Devon & Cornwall",
        ons_name="Devon & Cornwall",
        aliases=("Devon & Cornwall",),
    ),
    _pfa("dorset", "Dorset", "Dorset Police", "E23000039"),
    _pfa("durham", "Durham", "Durham Constabulary", "E23000008"),
    _pfa("dyfed-powys", "Dyfed-Powys", "Dyfed-Powys Police", "W15000004"),
    _pfa("essex", "Essex", "Essex Police", "E23000028"),
    _pfa("gloucestershire", "Gloucestershire", "Gloucestershire Constabulary", "E23000037"),
    _pfa("greater-manchester", "Greater Manchester", "Greater Manchester Police", "E23000005"),
    _pfa("gwent", "Gwent", "Gwent Police", "W15000002"),
    _pfa(
        "hampshire",
        "Hampshire",
        "Hampshire Constabulary",
        "E23000030",
        aliases=("Hampshire and Isle of Wight",),
    ),
    _pfa("hertfordshire", "Hertfordshire", "Hertfordshire Constabulary", "E23000027"),
    _pfa("humberside", "Humberside", "Humberside Police", "E23000012"),
    _pfa("kent", "Kent", "Kent Police", "E23000032"),
    _pfa("lancashire", "Lancashire", "Lancashire Constabulary", "E23000003"),
    _pfa("leicestershire", "Leicestershire", "Leicestershire Police", "E23000021"),
    _pfa("lincolnshire", "Lincolnshire", "Lincolnshire Police", "E23000020"),
    _pfa("merseyside", "Merseyside", "Merseyside Police", "E23000004"),
    _pfa(
        "metropolitan",
        "Metropolitan Police",
        "Metropolitan Police Service",
        "E23000001",
        aliases=("Metropolitan", "Metropolitan Police Service"),
    ),
    _pfa("norfolk", "Norfolk", "Norfolk Constabulary", "E23000024"),
    _pfa("north-wales", "North Wales", "North Wales Police", "W15000001"),
    _pfa("north-yorkshire", "North Yorkshire", "North Yorkshire Police", "E23000009"),
    _pfa("northamptonshire", "Northamptonshire", "Northamptonshire Police", "E23000022"),
    _pfa("northumbria", "Northumbria", "Northumbria Police", "E23000007"),
    _pfa("nottinghamshire", "Nottinghamshire", "Nottinghamshire Police", "E23000019"),
    _pfa("south-wales", "South Wales", "South Wales Police", "W15000003"),
    _pfa("south-yorkshire", "South Yorkshire", "South Yorkshire Police", "E23000011"),
    _pfa("staffordshire", "Staffordshire", "Staffordshire Police", "E23000015"),
    _pfa("suffolk", "Suffolk", "Suffolk Constabulary", "E23000025"),
    _pfa("surrey", "Surrey", "Surrey Police", "E23000031"),
    _pfa("sussex", "Sussex", "Sussex Police", "E23000033"),
    _pfa("thames-valley", "Thames Valley", "Thames Valley Police", "E23000029"),
    _pfa("warwickshire", "Warwickshire", "Warwickshire Police", "E23000017"),
    _pfa("west-mercia", "West Mercia", "West Mercia Police", "E23000016"),
    _pfa("west-midlands", "West Midlands", "West Midlands Police", "E23000014"),
    _pfa("west-yorkshire", "West Yorkshire", "West Yorkshire Police", "E23000010"),
    _pfa("wiltshire", "Wiltshire", "Wiltshire Police", "E23000038"),
    ForceInfo(
        slug="btp",
        name="British Transport Police",
        police_uk_name="British Transport Police",
        eff_name="British Transport Police",
        ons_name=None,
        ons_code_2011=None,
        ons_code_2016=None,
        ons_code_2022=None,
        country="Great Britain",
        resident_population=False,
        rate_note=BTP_NOTE,
        aliases=("BTP",),
    ),
)

# The one fictional force: everything the demonstration makes up (an HR extract, a stop-and-search
# extract, an action plan, a conversation) belongs to it, never to a real force. It is not one of
# FORCES (the real forces every national figure and list is made of); Parity knows its slug so
# its files can be imported like a real force's, and `parity.reference.fictional` makes its row
# only when the demonstration asks for it. Its name says "fictional", so every page showing it does.
FICTIONAL_NOTE = (
    "Borsetshire is a fictional force, made up to show how Parity works. It has no residents, "
    "and nothing about it is true of any real force."
)
FICTIONAL = ForceInfo(
    slug="borsetshire",
    name="Borsetshire (fictional)",
    police_uk_name="Borsetshire Constabulary (fictional)",
    eff_name="Borsetshire (fictional)",
    ons_name=None,
    ons_code_2011=None,
    ons_code_2016=None,
    ons_code_2022=None,
    country="England",
    resident_population=False,
    rate_note=FICTIONAL_NOTE,
)

_BY_SLUG = {f.slug: f for f in (*FORCES, FICTIONAL)}


def _key(text: str) -> str:
    return " ".join(text.lower().replace("&", "and").replace("-", " ").split())


_BY_NAME: dict[str, ForceInfo] = {}
for _f in (*FORCES, FICTIONAL):
    for _n in (_f.slug, _f.name, _f.police_uk_name, _f.eff_name, _f.ons_name, *_f.aliases):
        if _n:
            _BY_NAME[_key(_n)] = _f
    for _c in (_f.ons_code_2011, _f.ons_code_2016, _f.ons_code_2022):
        if _c:
            _BY_NAME[_c.lower()] = _f


def force_by_slug(slug: str) -> ForceInfo:
    """The force with this data.police.uk slug; KeyError names the slug when unknown."""
    try:
        return _BY_SLUG[slug]
    except KeyError:
        raise KeyError(f"unknown force {slug!r}; expected a data.police.uk slug such as 'avon-and-somerset'") from None


def find_force(name_or_code: str) -> ForceInfo | None:
    """Recognise a force however a source writes it: slug, any name, or ONS code."""
    return _BY_NAME.get(_key(name_or_code)) or _BY_NAME.get(name_or_code.strip().lower())


SLUGS: frozenset[str] = frozenset(_BY_SLUG)
