"""The words on screen, defined once: tooltips, the Glossary dialog and docs/glossary.md all
read this table, so a term never means two things in two places.

Each entry cites where its meaning comes from: the Hague Summit Declaration, NATO's definition
of defence expenditure, or (said plainly) this planner's own reading.
"""
from __future__ import annotations

from dataclasses import dataclass

HAGUE = "Hague Summit Declaration, 25 June 2025"
HAGUE_P2 = f"{HAGUE}, paragraph 2"
HAGUE_P3 = f"{HAGUE}, paragraph 3"
NATO_DEFINITION = ("NATO's definition of defence expenditure, as used in the annual report "
                   "\"Defence Expenditure of NATO Countries\" (since 2026 \"Defence Investment "
                   "of NATO Countries\")")
NATO_TABLE_8 = "NATO annual report, tables 8a/8b (distribution of defence expenditure)"
WALES = "Wales Summit Declaration, 5 September 2014, paragraph 14"
OUR_READING = "This planner's reading (no official NATO rule); you can change it"


@dataclass(frozen=True)
class Term:
    key: str
    name: str
    tooltip: str  # one or two lines, for a hover
    definition: str  # the glossary's full text
    source: str

    def tooltip_text(self) -> str:
        """The hover text: the short meaning, then where it comes from."""
        return f"{self.tooltip}\nSource: {self.source}."


TERMS: tuple[Term, ...] = (
    Term("pledge", "The pledge (5% of GDP by 2035)",
         "Allies commit to spend 5% of GDP a year by 2035: at least 3.5% core defence plus up "
         "to 1.5% defence- and security-related spending.",
         "Allies commit to invest 5% of GDP annually on core defence requirements and defence- "
         "and security-related spending by 2035. The 5% is made of two parts: at least 3.5% "
         "of GDP on core defence (the floor) and up to 1.5% on defence- and security-related "
         "spending (the ceiling). The trajectory and balance of spending are reviewed in 2029.",
         f"{HAGUE}, paragraphs 2-3"),
    Term("core_defence", "Core defence",
         "Defence expenditure as NATO defines it; counts toward the 3.5% floor.",
         "Payments by the national government to meet the needs of its armed forces, those "
         "of Allies or of the Alliance: the armed forces financed by the defence budget, "
         "pensions to military retirees, military R&D, military aid to other nations and "
         "peacekeeping. Other forces (border or coast guards, gendarmerie) count only pro rata, "
         "for the part trained, equipped and deployable as a military force. Direct "
         "contributions to Ukraine's defence count (the planner files them under core).",
         f"{NATO_DEFINITION}; {HAGUE_P3}"),
    Term("security_related", "Security-related",
         "Defence- and security-related spending; counts toward the 5% up to 1.5% of GDP.",
         "Spending to, inter alia, protect critical infrastructure, defend networks, ensure "
         "civil preparedness and resilience, unleash innovation and strengthen the defence "
         "industrial base. \"Inter alia\": the list is open, and no official list of what "
         "qualifies has been published, so each line needs a written rationale.",
         HAGUE_P3),
    Term("floor", "Floor (3.5% core defence)",
         "Core defence must reach at least 3.5% of GDP; spending above it still counts "
         "toward the 5%.",
         "The 3.5% of GDP for core defence is a minimum. Core spending above 3.5% is not "
         "capped: all of it counts toward the 5%. The gap to the floor is the money missing "
         "to reach 3.5% of GDP (zero once it is reached).",
         HAGUE_P3),
    Term("ceiling", "Ceiling (1.5% security-related)",
         "At most 1.5% of GDP of security-related spending counts toward the 5%; the excess "
         "counts nowhere.",
         "The 1.5% of GDP for defence- and security-related spending is a maximum for "
         "counting: spending above 1.5% of GDP may be real and useful, but it does not count "
         "toward the 5%. The dashboard shows the excess hatched.",
         HAGUE_P3),
    Term("counted", "Counted toward 5%",
         "Core defence + security-related up to the 1.5% ceiling, as % of GDP.",
         "counted = core + min(security-related, 1.5% x GDP). This is the figure held against "
         "the 5% goal. Right-click it and choose Explain to see it computed with your plan's "
         "own numbers.",
         f"{HAGUE_P3} (the formula is this planner's reading)"),
    Term("counted_share", "Counted share",
         "The part of a line's amount that counts (0-100%, default 100%); the rest counts "
         "nowhere.",
         "A line can count only in part: NATO counts border guards and similar forces pro rata, "
         "for the part trained, equipped and deployable as a military force, and a dual-use "
         "programme may be claimed only in part. Counted money = amount x counted share; the "
         "uncounted part is shown as Not counted.",
         NATO_DEFINITION),
    Term("security_room", "Security room",
         "How much more security-related spending would still count: 1.5% of GDP minus what "
         "is already classified security-related.",
         "The room under the ceiling: max(0, 1.5% x GDP - security-related). Money added to "
         "security-related lines beyond this room does not count toward the 5%. It is the same "
         "figure as the gap to 1.5%.",
         f"{HAGUE_P3} (the formula is this planner's reading)"),
    Term("gap", "Gap",
         "The money missing to reach a target share of GDP; never negative.",
         "Gap to 3.5% = max(0, 3.5% x GDP - core); gap to 1.5% = max(0, 1.5% x GDP - "
         "security-related); gap to 5% = max(0, 5% x GDP - counted). A gap is zero once the "
         "target is reached.",
         f"{HAGUE_P3} (the formulas are this planner's reading)"),
    Term("credible_path", "Credible path",
         "A straight line from the first budget year's share to the target in 2035; a year is "
         "on the path when its share is at or above the line.",
         "Allies submit annual plans showing a credible, incremental path to the goal. The "
         "declaration does not say what credible means; this planner draws a straight line "
         "from the first budget year's counted % to 5% in 2035 (and from its core % to 3.5%) "
         "and marks a year below the line in red.",
         f"{HAGUE_P3}; the straight line is {OUR_READING[0].lower()}{OUR_READING[1:]}"),
    Term("budget_year", "Budget year",
         "A year with its own amount column in the imported workbook.",
         "The years the workbook gives amounts for. Their figures come from the line items.",
         "The imported budget workbook"),
    Term("planned_year", "Planned year",
         "A year after the last budget year, up to 2035, projected from growth assumptions or "
         "set by you.",
         "GDP(y) = GDP(last) x (1 + nominal GDP growth)^(y - last), and each bucket's money "
         "grows at the spending growth you set, unless you set the year's amount yourself "
         "(drag the bar or type the figure).",
         OUR_READING),
    Term("real_growth", "Real growth",
         "Growth of counted spending over the year before, after inflation (the GDP deflator).",
         "real growth = 100 x ((counted this year / counted last year) / (1 + GDP deflator "
         "rise) - 1). NATO deflates spending with the GDP deflator, not consumer prices.",
         NATO_DEFINITION),
    Term("nato_categories", "NATO categories",
         "Equipment, personnel, infrastructure and other: NATO's split of core defence "
         "spending (they add to 100%).",
         "(a) Equipment: major equipment and its R&D; (b) personnel: military and civilian, "
         "pensions included; (c) infrastructure: NATO common infrastructure and national "
         "military construction; (d) other: operations and maintenance, other R&D, other. "
         "The planner maps its sub-categories onto these (Ukraine support goes to other).",
         NATO_TABLE_8),
    Term("equipment_share", "Equipment share",
         "Major equipment and its R&D as % of core defence; the guideline is at least 20%.",
         "equipment share = 100 x (core lines with sub-category Equipment) / core. The 20% "
         "guideline dates from Wales 2014, with the old 2% of GDP; it is still quoted.",
         WALES),
    Term("sub_category", "Sub-category",
         "Where in its bucket a line belongs (e.g. Personnel, Military mobility).",
         "Core defence: Equipment, Personnel, Infrastructure, Operations & other, Ukraine "
         "support. Security-related: Critical infrastructure, Networks & cyber, Civil "
         "preparedness & resilience, Innovation, Defence industrial base, Military mobility.",
         f"{NATO_TABLE_8}; {HAGUE_P3}"),
    Term("not_counted", "Not counted",
         "Money that counts toward nothing: lines outside the pledge, and the uncounted part "
         "of shared lines.",
         "Lines classified Not counted, plus (1 - counted share) of core and security-related "
         "lines. Regional and local government spending is excluded by NATO.",
         NATO_DEFINITION),
    Term("unclassified", "Unclassified",
         "Lines not yet classified: a to-do list; they count toward nothing until you decide.",
         "Every line starts unclassified unless the workbook says otherwise. Filter the table "
         "on Unclassified to work through them.",
         OUR_READING),
    Term("declaration_category", "Declaration category",
         "The purpose named in the declaration that a security-related line claims (e.g. "
         "critical infrastructure).",
         "Critical infrastructure, networks and cyber, civil preparedness and resilience, "
         "innovation, defence industrial base, military mobility, or other (\"inter alia\", "
         "with a reason).",
         HAGUE_P3),
    Term("challenge_risk", "Challenge risk",
         "How likely another ally is to contest a line's claim: low, medium or high.",
         "Low: plainly within NATO's definition or the declaration's words. Medium: defensible "
         "with evidence. High: likely contested (dual-use civil infrastructure, re-labelled "
         "civil programmes, pensions moved into defence). Allies police each other's claims: "
         "after a US warning, Italy withdrew its EUR 13.5 bn Messina bridge claim.",
         OUR_READING),
    Term("at_risk", "At risk",
         "Counted money on high-risk lines, and the counted % without them.",
         "The plan shows the counted % with and without high-risk lines, so a delegation sees "
         "how much of its path rests on claims likely to be contested.",
         OUR_READING),
    Term("gdp", "GDP",
         "Nominal GDP at current prices in the budget's currency, per year.",
         "The same money gives a different % on a different GDP. NATO takes GDP from the "
         "European Commission, the OECD and the IMF, not national forecasts: say which source "
         "and vintage your plan uses.",
         NATO_DEFINITION),
    Term("review_2029", "Review in 2029",
         "The trajectory and balance of spending under the pledge are reviewed in 2029.",
         "Allies review the trajectory and the balance between core and security-related "
         "spending in 2029, in the light of the strategic environment and updated Capability "
         "Targets.",
         HAGUE_P3),
)

TERMS_BY_KEY: dict[str, Term] = {term.key: term for term in TERMS}

# The words that name a term on screen (lower case), so a label, button or column header
# saying them gets the term's tooltip; the longest match wins ("counted share" over "counted").
SCREEN_WORDS: dict[str, tuple[str, ...]] = {
    "floor": ("floor",),
    "ceiling": ("ceiling",),
    "security_room": ("room under", "security room"),
    "counted_share": ("counted share", "eligible share"),
    "counted": ("counted toward", "counted total", "counted %", "counted money"),
    "credible_path": ("credible path", "path from", "on path", "below the path"),
    "planned_year": ("planned year", "planning year"),
    "real_growth": ("real growth",),
    "nato_categories": ("nato categor", "nato category"),
    "challenge_risk": ("challenge risk", "high-risk", "high risk"),
    "declaration_category": ("declaration category", "claim category"),
    "at_risk": ("at risk", "without high-risk"),
    "equipment_share": ("equipment share", "20% guideline", "% of core"),
    "sub_category": ("sub-category", "subcategory"),
    "core_defence": ("core defence",),
    "security_related": ("security-related",),
    "not_counted": ("not counted",),
    "unclassified": ("unclassified",),
    "gap": ("gap to",),
    "review_2029": ("2029 review", "review in 2029"),
}


def term_on_screen(text: str) -> Term | None:
    """The glossary term a piece of on-screen text names, or None."""
    low = " ".join(text.lower().split())
    found = [(len(word), key) for key, words in SCREEN_WORDS.items() for word in words
             if word in low]
    return TERMS_BY_KEY[max(found)[1]] if found else None


def term(key: str) -> Term:
    return TERMS_BY_KEY[key]


def tooltip(key: str) -> str:
    """The hover text of a term, with its source."""
    return TERMS_BY_KEY[key].tooltip_text()


def glossary_markdown() -> str:
    """docs/glossary.md, written from the same table as the tooltips."""
    parts = ["# Glossary", "",
             "The words the planner uses, what they mean here, and where the meaning comes "
             "from. In the app: Help > Glossary, or hover over a term.", ""]
    for entry in sorted(TERMS, key=lambda t: t.name.lower()):
        parts += [f"## {entry.name}", "", entry.tooltip, "", entry.definition, "",
                  f"*Source: {entry.source}.*", ""]
    return "\n".join(parts)
