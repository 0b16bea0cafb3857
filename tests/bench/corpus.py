"""A deterministic scale corpus for readingroom benchmarks.

``generate(n, out_dir, seed)`` writes ``n`` articles in the plain-text format of the
seed article (``seeds/000_61f2fd6d474a728d.txt``): a lead, two to five sections under
question or statement headings, sometimes a photo caption printed twice, sometimes a
"KEY TAKEAWAYS" block printed twice, and a related block ("Related Publications" and
kin) whose entries carry a title (often repeated), a dated line ("Thursday, November
14, 2024"), sometimes a byline, a summary, a ``Type:`` line and a topics line, then the
"View All Publications" footer with no final newline. About a third of the articles
get a ``NAME.meta.json`` sidecar like the seed's.

Words follow a Zipf law (s = 1.05, with a Zipf-Mandelbrot offset of 1.5 so that "the"
is about 5% of the words) over a vocabulary of 50,000 types: real English function and
common words and a few hundred policy words at the top ranks, pronounceable synthetic
words in the long tail, plus recurring multi-word names and collocations so that phrase
queries find something. Each article also uses a few words of its own that are in no
vocabulary (names, coinages), so the term dictionary keeps growing with the corpus as
a real one does. A pool of publication titles is shared between the titles of
some articles and the related entries of others, so related links resolve inside the
corpus; the other related entries have titles of their own (summary documents).

Everything is derived from ``random.Random(seed)`` (and from ``random.Random`` instances
seeded with integers drawn from it): no ``hash()``, no clock, no set iteration order.
The same ``(n, seed)`` always gives byte-identical files. Article ``i`` draws its body
from its own stream, so the bodies of the first articles barely change with ``n``.

Command line: ``python -m tests.bench.corpus N OUT_DIR [--seed S] [--workers W]``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import functools
import itertools
import json
import multiprocessing
import os
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from search import normalize_title

ZIPF_S = 1.05
ZIPF_Q = 1.5  # Zipf-Mandelbrot offset: "the" is about 5% of the words, not 11%
VOCAB_SIZE = 50_000
FILES_PER_FOLDER = 1000
MIN_BYTES = 3072  # 3 KiB
MAX_BYTES = 8000  # 8 kB
TARGET_LOW = 3200
TARGET_HIGH = 7850
SIDECAR_SHARE = 1 / 3
TITLE_POOL_SIZE = 400
FOOTER = "View All Publications"
RELATED_HEADINGS = ("Related Publications", "Related Research & Analysis", "Related Content")
RELATED_HEADING_WEIGHTS = (60, 25, 15)

# --------------------------------------------------------------------------------------
# Word lists. Order matters: it is the frequency rank of the top of the vocabulary.

FUNCTION_WORDS = """
the of and to a in that is for it as was with be by on not he this are or his from at
which but have an had they you were their one all we can her has there been if more when
will would who so no she other its may these about than into only them some could what
out also two first new do up like any then over those such our most after very between
him much even well should because each being same under way both while three made since
still must during here own however without few against another why how its through
before where many said last just now us what year years make did does across among
around though until upon within whether rather often already again never yet around
""".split()

GENERAL_WORDS = """
time people part number work long back use good high day country place program system
group case point fact end level need power problem support change force process plan
question interest result role order development control report effort issue position
action area community period effect decision increase pressure approach situation
relations region future history agreement direction member meeting leader leaders
official officials president minister forces military economic political international
national regional local global foreign strategic diplomatic recent major important
significant clear key current possible likely further early broader continued direct
potential critical strong lower higher old young small large great public private
social legal human civil central eastern western northern southern border capital
economy trade market energy water food health education women youth children families
groups parties talks negotiations engagement cooperation assistance continue remain
seek provide include increase reduce improve build strengthen address ensure consider
respond engage pursue face lead hold offer expect suggest note argue warn call agree
allow help follow require create develop establish implement promote prevent protect
maintain achieve signal indicate announce launch review meet discuss state government
policy world public services land rights law rule trust risk risks costs cost value
resources capacity framework strategy priorities priority measures steps step
commitment commitments concerns concern experts analysts observers partners partner
institutions institution reform reforms progress challenges challenge opportunity
opportunities stability instability tension dynamics interests influence leverage
response responses outcome outcomes goals goal vision ties network networks movement
leadership authorities authority communities populations population citizens voters
residents workers farmers students scholars researchers officers soldiers fighters
""".split()

DOMAIN_WORDS = """
sanctions diplomacy nuclear administration missile missiles denuclearization ceasefire
conflict peace security war troops weapons deterrence alliance allies treaty mediation
reconciliation insurgency insurgents militia militias extremism extremist terrorism
counterterrorism refugees displacement humanitarian governance corruption democracy
elections electoral protests protesters crackdown regime junta coup constitution
parliament judiciary accountability impunity atrocities genocide tribunal justice
transitional violence stabilization peacekeeping peacekeepers mission envoy ambassador
embassy summit bilateral multilateral geopolitical rivalry tensions escalation
hostilities offensive airstrikes drones enrichment uranium plutonium warhead warheads
ballistic hypersonic submarine arms proliferation nonproliferation inspections
verification sovereignty territorial maritime annexation occupation blockade embargo
tariffs aid resilience fragility climate drought famine migration migrants smuggling
trafficking cartel cartels jihadist sectarian tribal clan ethnic minorities federalism
autonomy secession referendum dialogue stakeholders civilians casualties detainees
prisoners hostages amnesty disarmament demobilization reintegration negotiators
negotiation concessions incentives deterrent provocation provocations posture exercises
drills intelligence surveillance cyber disinformation propaganda censorship repression
dissidents opposition coalition ruling incumbent transition interim mandate resolution
resolutions monitors observers truce armistice demilitarized frontier corridor
pipeline oil gas grain exports imports inflation currency debt loans investment
infrastructure reconstruction recovery relief donors funding famine cholera pandemic
vaccine outbreak flooding earthquake emissions adaptation mitigation fisheries
dam basin aquifer irrigation pastoralists herders land tenure mining minerals lithium
cobalt gold timber poaching piracy shipping ports navy naval fleet airspace bases
garrison deployment withdrawal drawdown counterinsurgency paramilitary mercenaries
warlords kidnapping extortion radicalization recruitment deradicalization clerics
mosque church religious interfaith secular pluralism tolerance hate speech
mobilization nonviolent boycott strike unions activists journalists media press
transparency oversight auditing budget ministries decentralization municipalities
""".split()

PROPER_WORDS = """
China Russia Ukraine Iran Iraq Syria Afghanistan Pakistan India Japan Korea Taiwan
Myanmar Burma Sudan Ethiopia Somalia Kenya Nigeria Mali Niger Libya Yemen Lebanon Israel
Egypt Turkey Colombia Venezuela Mexico Haiti Philippines Indonesia Vietnam Cambodia
Thailand Bangladesh Nepal Georgia Armenia Azerbaijan Kazakhstan Uzbekistan Tajikistan
Belarus Moldova Serbia Kosovo Bosnia Tunisia Algeria Morocco Chad Cameroon Uganda Rwanda
Burundi Congo Mozambique Zimbabwe Zambia Angola Eritrea Djibouti Jordan Qatar Bahrain
Oman Kuwait Gaza Pyongyang Beijing Moscow Kyiv Tehran Kabul Islamabad Seoul Tokyo
Washington Brussels Geneva Khartoum Baghdad Damascus Tripoli Caracas Bogota Nairobi
Congress Pentagon NATO ASEAN Senate Kremlin Taliban Hamas Hezbollah Houthis Biden Trump
Obama Putin Xi Kim Blinken Zelenskyy Modi Erdogan Sahel Balkans Caucasus Kurdish
Rohingya Tigray Darfur Donbas Crimea Kashmir Mindanao Europe Africa Asia Americas
Pacific Atlantic Arctic Mediterranean January February March April June July August
September October November December U.S. U.N. COVID ICBMs
""".split()

REAL_ENTITIES = """
North Korea|South Korea|Kim Jong Un|United Nations|Security Council|State Department
National Security Council|European Union|African Union|Korean Peninsula|Middle East
Horn of Africa|Red Sea|South China Sea|Black Sea|United States|White House|World Bank
International Monetary Fund|Iran nuclear deal|Rapid Support Forces|Sudanese Armed Forces
Islamic State|Belt and Road Initiative|Party Congress|Demilitarized Zone|Central Asia
Latin America|West Africa|Great Lakes|Lake Chad Basin|Gulf states|Indo-Pacific
International Criminal Court|Singapore Agreement|Good Friday Agreement|Arab League
""".strip().replace("\n", "|").split("|")

COLLOCATIONS = """
sanctions relief|nuclear weapons|peace process|civil society|foreign policy|human rights
rule of law|armed groups|ceasefire agreement|climate change|security forces
humanitarian aid|peace talks|military exercises|economic growth|policy review
joint statement|local communities|political will|national security|regional security
transitional justice|violent extremism|food insecurity|sanctions regime|arms control
confidence building|power sharing|early warning|conflict prevention|peace agreement
""".strip().replace("\n", "|").split("|")

TOPICS = [
    "Conflict Analysis & Prevention", "Global Policy", "Democracy & Governance",
    "Economics & Environment", "Education & Training", "Fragility & Resilience",
    "Gender", "Human Rights", "Justice, Security & Rule of Law",
    "Mediation, Negotiation & Dialogue", "Nonviolent Action", "Peace Processes",
    "Reconciliation", "Religion", "Violent Extremism", "Youth",
    "Civilian-Military Relations", "Electoral Violence", "Global Health",
    "Nuclear Security", "Sanctions Policy", "Arms Control", "Migration & Displacement",
    "Cybersecurity", "Climate & Security", "Trade & Development", "Energy & Resources",
    "Media & Information", "Technology & Society", "Regional Security",
    "Humanitarian Affairs", "Water & Food Security", "Transitional Justice", "Refugees",
    "Counterterrorism", "Diplomacy", "Development Assistance", "Civil Society",
    "Security Sector Reform", "Women, Peace & Security",
]

TYPES = [
    ("Analysis", 30), ("Question and Answer", 12), ("Report", 10), ("Fact Sheet", 6),
    ("Commentary", 12), ("Special Report", 5), ("Peace Brief", 5), ("Op-Ed", 6),
    ("Event", 4), ("Blog Post", 5), ("Testimony", 3), ("Interview", 2),
]

FIRST_NAMES = """
Joseph Frank Maria Elena Ahmed Fatima David Sarah Michael Laura Daniel Grace James Anna
Robert Nadia Thomas Leila Samuel Olivia Kevin Amina Peter Hannah Carlos Sofia Jonathan
Mei Lucas Priya Andrew Zainab Victor Ingrid Omar Julia Benjamin Rachel Ibrahim Claire
Hassan Naomi Rafael Yuki Elias Miriam Patrick Chloe Tariq Esther Martin Alicia Kofi
Helen Sergei Irina Paul Catherine Ali Beatriz
""".split()

LAST_NAMES = """
Yun Aum Campbell Kagan Rosenberger Pak Sullivan Hassan Mendez Okafor Nguyen Petrov
Schmidt Haddad Rahman Alvarez Kim Lee Park Chen Wang Singh Kapoor Osei Mensah Diallo
Traore Kamau Otieno Novak Kowalski Ivanova Sato Tanaka Moreno Castillo Reyes Fischer
Weber Dubois Laurent Rossi Bianchi Ahmadi Karimi Yilmaz Demir Cohen Levi Mahmoud
Abdullah Farouk Mwangi Banda Phiri Silva Santos Oliveira Andersen Larsen Walsh Murphy
Brennan Carter Hughes Foster Greene Holloway Whitaker Mercer
""".split()

PUBLISHERS = [
    ("Institute for Peace and Dialogue", "peacedialogue.example.org"),
    ("Center for Strategic Mediation", "strategicmediation.example.org"),
    ("Global Conflict Review", "conflictreview.example.org"),
    ("Council on Security Studies", "securitystudies.example.org"),
    ("The Policy Observatory", "policyobservatory.example.org"),
]

PHOTO_AGENCIES = ["Reuters", "AFP", "AP", "Getty Images", "The New York Times",
                  "Anadolu Agency", "EPA", "Xinhua"]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
ROMAN = ["I", "II", "III", "IV", "V", "VI"]

FIRST_DAY = _dt.date(2015, 1, 1).toordinal()
LAST_DAY = _dt.date(2025, 12, 31).toordinal()

_ONSETS = ("b br c ch cl d dr f fl g gr h j k l m n p pr pl r s sh sk st t tr th v w z "
           "b d g k l m n p r s t v b d k l m n r s t").split()
_VOWELS = "a e i o u a e i o a e i o u a e o ai ea ou io ei".split()
_INNER_CODAS = ["n", "r", "l", "s", "m"]
_FINAL_CODAS = ["", "", "", "n", "r", "s", "l", "m", "t", "nd", "st", "rk", "ng", "x", "th"]


# --------------------------------------------------------------------------------------
# The world: everything that depends on the seed but not on the corpus size.


@dataclass(frozen=True)
class PoolTitle:
    """A publication title shared by articles (as their title) and related entries."""

    title: str
    date: _dt.date
    type: str
    topics: tuple[str, ...]
    authors: tuple[str, ...]
    summary_seed: int


@dataclass
class World:
    seed: int
    words: list[str]  # display form by frequency rank (0 = most frequent)
    lower: list[str]  # lowercase form by rank
    cum: list[float]  # cumulative Zipf weights by rank
    real_count: int  # ranks below this are real words
    rank_of: dict[str, int]  # lowercase word -> rank
    content_ranks: list[int]  # real non-function ranks (content words)
    entities: list[str]
    entity_cum: list[float]
    collocations: list[str]
    authors: list[str]
    phd: dict[str, bool]
    author_cum: list[float]
    titles: list[PoolTitle]
    title_keys: dict[str, int]
    body_base: int
    related_base: int
    plan_seed: int
    title_offset: int = 0

    @property
    def title_capacity(self) -> int:
        return len(_TITLE_TEMPLATES) * (len(self.words) - _NAME_LOW)

    @property
    def function_count(self) -> int:
        return self.content_ranks[0]  # the function words come first

    @property
    def function_words(self) -> list[str]:
        return self.lower[: self.function_count]


def _dedupe(words: list[str]) -> list[str]:
    return list(dict.fromkeys(words))


def _synthetic_word(rng: random.Random, rank: int) -> str:
    """A pronounceable made-up word; the rarer the rank, the longer it tends to be."""
    r = rng.random()
    if rank < 5000:
        syll = 2 if r < 0.7 else 3
    else:
        syll = 2 if r < 0.4 else (3 if r < 0.9 else 4)
    out = ""
    for k in range(syll):
        onset = "" if (k == 0 and rng.random() < 0.15) else rng.choice(_ONSETS)
        if out and not onset and out[-1] in "aeiou":
            onset = rng.choice(_ONSETS)
        out += onset + rng.choice(_VOWELS)
        if k == syll - 1:
            out += rng.choice(_FINAL_CODAS)
        elif rng.random() < 0.25:
            out += rng.choice(_INNER_CODAS)
    return out


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


@functools.lru_cache(maxsize=8)
def build_world(seed: int = 0) -> World:
    """The vocabulary, names, titles and seeds of a corpus; independent of its size."""
    master = random.Random(seed)
    vocab_rng = random.Random(master.getrandbits(64))
    pool_rng = random.Random(master.getrandbits(64))
    body_base = master.getrandbits(64)
    related_base = master.getrandbits(64)
    plan_seed = master.getrandbits(64)
    summary_base = master.getrandbits(64)

    function = _dedupe(FUNCTION_WORDS)
    taken = dict.fromkeys(w.lower() for w in function)
    rest = []
    for w in GENERAL_WORDS + DOMAIN_WORDS + PROPER_WORDS:
        if w.lower() not in taken:
            taken[w.lower()] = None
            rest.append(w)
    # General words lean to the top of the content ranks, policy words follow.
    keyed = [(i / len(rest) + vocab_rng.random() * 0.9, w) for i, w in enumerate(rest)]
    keyed.sort()
    words = function + [w for _, w in keyed]
    real_count = len(words)
    content_ranks = list(range(len(function), real_count))
    while len(words) < VOCAB_SIZE:
        w = _synthetic_word(vocab_rng, len(words))
        if w in taken or not 4 <= len(w) <= 12:
            continue
        taken[w] = None
        words.append(w)
    lower = [w.lower() for w in words]
    cum = list(itertools.accumulate(1.0 / (r + 1 + ZIPF_Q) ** ZIPF_S for r in range(len(words))))
    rank_of = {w: r for r, w in enumerate(lower)}

    # Recurring names: real ones plus invented ones built from tail words.
    def synth_name() -> str:
        return _cap(words[vocab_rng.randrange(900, 20000)])

    patterns = [
        "{A} Accord", "{A} Commission", "{A} Institute", "{A} Province", "Minister {A} {B}",
        "{A} Liberation Front", "Port {A}", "{A} Valley", "{A} Declaration", "General {A}",
        "{A} Peace Initiative", "{A} River Basin", "{A} Coalition", "President {A}",
        "{A} {B} Movement", "{A} Corridor", "{A} Dialogue Forum", "Lake {A}",
    ]
    entities = list(REAL_ENTITIES)
    seen = dict.fromkeys(entities)
    while len(entities) < 200:
        e = vocab_rng.choice(patterns).format(A=synth_name(), B=synth_name())
        if e not in seen:
            seen[e] = None
            entities.append(e)
    order = list(range(len(entities)))
    vocab_rng.shuffle(order)
    entities = [entities[i] for i in order]
    entity_cum = list(itertools.accumulate(1.0 / (r + 1) ** 0.9 for r in range(len(entities))))

    authors: list[str] = []
    phd: dict[str, bool] = {}
    while len(authors) < 300:
        first = vocab_rng.choice(FIRST_NAMES)
        last = (vocab_rng.choice(LAST_NAMES) if vocab_rng.random() < 0.75
                else _cap(words[vocab_rng.randrange(2000, 30000)]))
        name = f"{first} {last}"
        if vocab_rng.random() < 0.08:
            name = f"{first} {vocab_rng.choice('ABCDEHJKLMPRSTW')}. {last}"
        if name in phd:
            continue
        phd[name] = vocab_rng.random() < 0.15
        authors.append(name)
    author_cum = list(itertools.accumulate(1.0 / (r + 1) ** 0.8 for r in range(len(authors))))

    world = World(
        seed=seed, words=words, lower=lower, cum=cum, real_count=real_count, rank_of=rank_of,
        content_ranks=content_ranks, entities=entities, entity_cum=entity_cum,
        collocations=list(COLLOCATIONS), authors=authors, phd=phd, author_cum=author_cum,
        titles=[], title_keys={}, body_base=body_base, related_base=related_base,
        plan_seed=plan_seed, title_offset=master.getrandbits(32),
    )
    while len(world.titles) < TITLE_POOL_SIZE:
        title = make_title(pool_rng, world)
        key = normalize_title(title)
        if key in world.title_keys:
            continue
        world.title_keys[key] = len(world.titles)
        world.titles.append(PoolTitle(
            title=title,
            date=random_date(pool_rng),
            type=pick_type(pool_rng),
            topics=pick_topics(pool_rng),
            authors=pick_authors(pool_rng, world, pool_rng.choice((0, 1, 1, 1, 2, 2, 3))),
            summary_seed=summary_base + len(world.titles),
        ))
    return world


# --------------------------------------------------------------------------------------
# Small pickers shared by the world and the articles.


def random_date(rng: random.Random) -> _dt.date:
    return _dt.date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY))


def long_date(d: _dt.date) -> str:
    """"Thursday, November 14, 2024" without depending on the locale."""
    return f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}"


_TYPE_NAMES = [t for t, _ in TYPES]
_TYPE_CUM = list(itertools.accumulate(w for _, w in TYPES))


def pick_type(rng: random.Random) -> str:
    return rng.choices(_TYPE_NAMES, cum_weights=_TYPE_CUM)[0]


_TOPIC_CUM = list(itertools.accumulate(1.0 / (r + 1) ** 0.7 for r in range(len(TOPICS))))


def pick_topics(rng: random.Random) -> tuple[str, ...]:
    k = rng.choice((1, 1, 2, 2, 2, 3))
    out: list[str] = []
    while len(out) < k:
        t = rng.choices(TOPICS, cum_weights=_TOPIC_CUM)[0]
        if t not in out:
            out.append(t)
    return tuple(out)


def pick_authors(rng: random.Random, world: World, k: int) -> tuple[str, ...]:
    out: list[str] = []
    while len(out) < k:
        a = rng.choices(world.authors, cum_weights=world.author_cum)[0]
        if a not in out:
            out.append(a)
    return tuple(out)


def _content(rng: random.Random, world: World, lo: int = 0, hi: int | None = None) -> str:
    ranks = world.content_ranks
    return world.words[ranks[rng.randrange(lo, hi if hi is not None else len(ranks))]]


def _proper(rng: random.Random) -> str:
    return rng.choice(_COUNTRIES)


_COUNTRIES = PROPER_WORDS[: PROPER_WORDS.index("Oman") + 1]
_CITIES = PROPER_WORDS[PROPER_WORDS.index("Pyongyang"): PROPER_WORDS.index("Nairobi") + 1]
_NOUNS = """
sanctions diplomacy deterrence peace security governance reconciliation mediation
elections aid dialogue reconstruction migration corruption justice ceasefire
disarmament trade energy water youth leadership accountability resilience climate
nonproliferation stabilization peacekeeping displacement extremism negotiations
reform alliance sovereignty humanitarian access debt relief food security
""".split()


def _noun(rng: random.Random) -> str:
    return rng.choice(_NOUNS)


def _entity(rng: random.Random, world: World) -> str:
    return rng.choices(world.entities, cum_weights=world.entity_cum)[0]


_TITLE_TEMPLATES = [
    "{C}\u2019s Dilemmas Deepen as {E} Enters the {N} Debate",
    "How Should {P} Respond to {C}'s {Nc} in {C2}?",
    "What\u2019s Next for {C} After the {Nc} Talks?",
    "{E} Poses Old Challenges to New {Nc} Efforts",
    "Why {Nc} Matters for {C}",
    "{K} Things to Know About {C}'s {Nc}",
    "The Current Situation in {C}",
    "Can {Nc} Help End {C}'s {Nc2}?",
    "{C} at a Crossroads: {Nc} and {Nc2}",
    "Is {C} Ready for {Nc}?",
    "How Enhancing {Nc} Can Benefit the {E}",
    "{C} and {C2} Deepen {Nc} Ties",
    "Inside {C}'s {Nc} Crisis",
    "Lessons from {C} for {Nc} Negotiations",
    "{E} and the Future of {Nc}",
    "What Does the {Nc} Mean for {C}?",
    "{Nc}, {Nc2} and the Politics of {W}",
    "Five Years After the {E}: {Nc} in {C}",
    "Who Benefits from {C}'s {Nc}?",
    "A New Approach to {Nc} in the {E}",
    "{C}\u2019s {Nc} Gamble",
    "Making {Nc} Work for {W} Communities",
    "The Hidden Costs of {Nc} in {C}",
    "Will {P} Change Course on {Nc}?",
]


_NAME_SUFFIXES = ("Accord", "Region", "Province", "Coalition", "Agreement", "Corridor",
                  "Talks", "Initiative", "Basin", "Process")


_SLOT = re.compile(r"\{(C|C2|P|E|W)\}")
_NAME_LOW = 900  # invented names come from the synthetic ranks


def make_title(rng: random.Random, world: World, code: int | None = None) -> str:
    """A publication title.

    Without ``code``: a shared-pool title naming real places. With ``code`` (a number
    unique to the article or related entry), the template and the first place named are
    a bijection of the code and the place is an invented name from the long tail, so two
    codes never give the same title (up to ``world.title_capacity`` codes).
    """
    if code is None:
        t = rng.choice(_TITLE_TEMPLATES)
        slots = dict(C=_proper(rng), C2=_proper(rng), P=rng.choice(_CITIES),
                     E=_entity(rng, world), W=_cap(_content(rng, world, 0, 400)))
    else:
        names = len(world.words) - _NAME_LOW

        def place() -> str:
            return _cap(world.words[rng.randrange(_NAME_LOW, len(world.words))])

        if code < world.title_capacity:
            scrambled = (code * 7919 + world.title_offset) % world.title_capacity
            t_index, name_index = divmod(scrambled, names)
            t = _TITLE_TEMPLATES[t_index]
            coded = _cap(world.words[_NAME_LOW + name_index])
        else:
            t = rng.choice(_TITLE_TEMPLATES)
            coded = place()
        slots = dict(C=place(), C2=place(), P=place(), W=place(),
                     E=f"{place()} {rng.choice(_NAME_SUFFIXES)}")
        first = _SLOT.search(t).group(1)
        slots[first] = f"{coded} {rng.choice(_NAME_SUFFIXES)}" if first == "E" else coded
    return t.format(N=_noun(rng), Nc=_cap(_noun(rng)), Nc2=_cap(_noun(rng)),
                    K=rng.choice(("Three", "Four", "Five", "Six")), **slots)


# --------------------------------------------------------------------------------------
# Text.


class Writer:
    """Sentences and paragraphs from one random stream, with an article's focus words."""

    BATCH = 512

    def __init__(self, rng: random.Random, world: World, focus: list[str] | None = None,
                 focus_entities: list[str] | None = None, focus_rate: float = 0.04):
        self.rng = rng
        self.world = world
        self.focus = focus or []
        self.focus_entities = focus_entities or []
        self.focus_rate = focus_rate
        self.buf: list[str] = []
        self.pos = 0
        self.one_offs: list[str] = []

    def _refill(self) -> None:
        rng = self.rng
        buf = rng.choices(self.world.words, cum_weights=self.world.cum, k=self.BATCH)
        if self.focus:
            m = int(self.BATCH * self.focus_rate * (0.5 + rng.random()))
            for _ in range(m):
                buf[rng.randrange(self.BATCH)] = rng.choice(self.focus)
        for word in self.one_offs:  # early in the first batch, so they are used
            buf[rng.randrange(150)] = word
        self.one_offs = []
        self.buf = buf
        self.pos = 0

    def take(self, k: int) -> list[str]:
        if self.pos + k > len(self.buf):
            self._refill()
        out = self.buf[self.pos: self.pos + k]
        self.pos += k
        return out

    def entity(self) -> str:
        rng = self.rng
        if self.focus_entities and rng.random() < 0.45:
            return rng.choice(self.focus_entities)
        return _entity(rng, self.world)

    def number(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.35:
            return f"in {rng.randint(1990, 2025)}"
        if r < 0.55:
            return f"{rng.randint(2, 99) * 1000:,}"
        if r < 0.75:
            return f"{rng.randint(2, 95)} percent"
        if r < 0.9:
            return rng.choice(("five-year", "two-year", "decade-long", "long-term", "year-end"))
        return str(rng.randint(2, 60))

    def sentence(self, lo: int = 8, hi: int = 25, end: str = ".") -> str:
        rng = self.rng
        k = rng.randint(lo, hi)
        words = self.take(k)
        r = rng.random()
        if r < 0.35:
            words[rng.randrange(k)] = self.entity()
        elif r < 0.5:
            words[rng.randrange(k)] = rng.choice(self.world.collocations)
        if rng.random() < 0.1:
            words[rng.randrange(1, k)] = self.number()
        if k > 9:
            for _ in range(rng.randint(0, k // 9)):
                j = rng.randrange(2, k - 2)
                if words[j][-1:].isalpha():
                    words[j] += ","
        if rng.random() < 0.12:
            for j in range(k):
                w = words[j]
                if w[:1].isupper() and w[-1:].isalpha():
                    words[j] = w + ("\u2019s" if rng.random() < 0.8 else "'s")
                    break
        if rng.random() < 0.05 and k > 6:
            j = rng.randrange(1, k - 2)
            if words[j][-1:].isalpha() and words[j + 1][:1].isalpha():
                words[j] = words[j] + "\u2014" + words.pop(j + 1)
        words[0] = _cap(words[0])
        quoted = rng.random() < 0.05 and len(words) > 6
        if quoted:
            j = len(words) - rng.randint(3, 6)
            words[j] = "\u201c" + words[j]
        text = " ".join(words).rstrip(",")
        if text.endswith("."):  # "U.S."
            text = text[:-1]
        text += end
        if quoted:
            text += "\u201d"
        return text

    def paragraph(self, lo: int = 2, hi: int = 6, max_bytes: int | None = None) -> str:
        rng = self.rng
        n = rng.randint(lo, hi)
        parts: list[str] = []
        size = 0
        for i in range(n):
            end = "?" if (i < n - 1 and rng.random() < 0.03) else "."
            s = self.sentence(end=end)
            if max_bytes is not None and parts and size + len(s) + 1 > max_bytes:
                break
            parts.append(s)
            size += len(s) + 1
        out = parts[0]
        for s in parts[1:]:
            out += ("\u00a0" if rng.random() < 0.03 else " ") + s
        if rng.random() < 0.02:
            out += "\u00a0"
        return out


# --------------------------------------------------------------------------------------
# Headings, captions, takeaways.


def question_heading(rng: random.Random, world: World) -> str:
    C, C2, P, N, N2 = _proper(rng), _proper(rng), rng.choice(_CITIES), _noun(rng), _noun(rng)
    E = _entity(rng, world)
    t = rng.choice([
        f"What did we learn from the recent {N} talks in {C}?",
        f"What can we expect from the {E}?",
        f"How will {C} factor into {N} diplomacy?",
        f"Given rising tensions between {P} and {rng.choice(_CITIES)}, what comes next?",
        f"Why does the {N} question matter now?",
        f"What are the prospects for {N} in {C}?",
        f"Is a {N} agreement still possible?",
        f"What role can the {E} play?",
        f"How has {N} changed since {rng.randint(2010, 2023)}?",
        "What should the United States do?",
        f"Who are the key players in {C}?",
        f"What does this mean for {N} and {N2}?",
        f"Can {N} succeed without {N2}?",
        f"What are the risks of {N} in {C2}?",
        f"How are ordinary {_content(rng, world, 0, 600).lower()} affected?",
    ])
    return t


def statement_heading(rng: random.Random, world: World, style: str, k: int) -> str:
    C, Nc, Nc2 = _proper(rng), _cap(_noun(rng)), _cap(_noun(rng))
    if style == "myth":
        return rng.choice([
            f"Myth No. {k}: {C} Will Abandon {Nc}",
            f"Myth No. {k}: {Nc} Alone Can Deliver {Nc2}",
            f"Myth No. {k}: The {Nc} Is Over",
            f"Myth No. {k}: {Nc} Does Not Affect {C}",
        ])
    if style == "roman":
        if k == 1:
            return "I. " + rng.choice(("Overview", "Background", "Introduction", "Context"))
        label = rng.choice([
            "Overview", "Background", "Key Findings", "Recommendations", "Conclusion",
            "Context", "The Way Forward", "Policy Options", "Regional Dynamics",
            "Methodology", f"{Nc} and {Nc2}", f"The {Nc} Question",
        ])
        return f"{ROMAN[k - 1]}. {label}"
    if style == "colon":
        return rng.choice([
            f"{Nc}: A Root Problem", f"{Nc}: The Missing Piece",
            f"{Nc} and {Nc2}: Lessons from {C}", f"{C}: A Fragile {Nc}",
            f"Beyond {Nc}: {Nc2} in {C}", f"{Nc}: What Comes Next",
        ])
    return rng.choice([
        "The Path Forward", "Looking Ahead", "Regional Implications", f"{Nc} in Context",
        f"Recommendations for {C}", f"Why {Nc} Matters", f"The {Nc} Dilemma",
        f"{Nc} on the Ground", f"A Closer Look at {Nc}",
    ])


def caption(w: Writer) -> str:
    rng = w.rng
    who = w.entity()
    words = " ".join(w.take(rng.randint(5, 12)))
    d = random_date(rng)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return (f"{who}, {words}, {MONTHS[d.month - 1]} {d.day}, {d.year}. "
            f"({first} {last}/{rng.choice(PHOTO_AGENCIES)})")


def takeaways(w: Writer) -> str:
    lines = [w.sentence(8, 16) for _ in range(w.rng.randint(2, 4))]
    block = "KEY TAKEAWAYS\n\n" + "\n".join(lines)
    return block + "\n\n" + block


# --------------------------------------------------------------------------------------
# Related block.


def _summary_for_pool(world: World, k: int) -> str:
    return _pool_summaries(world.seed)[k]


@functools.lru_cache(maxsize=8)
def _pool_summaries(seed: int) -> list[str]:
    world = build_world(seed)
    out = []
    for t in world.titles:
        w = Writer(random.Random(t.summary_seed), world)
        out.append(w.paragraph(1, 3))
    return out


def byline(world: World, authors: tuple[str, ...]) -> str:
    return "By: " + "; ".join(a + (", Ph.D." if world.phd[a] else "") for a in authors)


def topics_line(rng: random.Random, topics: tuple[str, ...]) -> str:
    return "".join(topics) if rng.random() < 0.7 else "; ".join(topics)


def unique_title(rng: random.Random, world: World, code: int) -> str:
    title = make_title(rng, world, code)
    while normalize_title(title) in world.title_keys:  # never seen; keeps pool titles apart
        title = make_title(rng, world, world.title_capacity)
    return title


def related_entry(rng: random.Random, world: World, w: Writer, pool_index: int | None,
                  code: int) -> str:
    if pool_index is not None:
        t = world.titles[pool_index]
        title, d, typ, topics, authors = t.title, t.date, t.type, t.topics, t.authors
        summary = _summary_for_pool(world, pool_index)
        if rng.random() < 0.5:  # the citing page may spell the apostrophes differently
            title = title.replace("'", "\u2019") if "'" in title else title.replace("\u2019", "'")
    else:
        title = unique_title(rng, world, code)
        d, typ, topics = random_date(rng), pick_type(rng), pick_topics(rng)
        authors = pick_authors(rng, world, rng.choice((0, 1, 1, 2, 3)))
        summary = w.paragraph(1, 3)
    parts = [title]
    if rng.random() < 0.75:
        parts.append(title)
    parts.append(long_date(d))
    if authors and rng.random() < 0.35:
        parts.append(byline(world, authors))
    parts += [summary, f"Type: {typ}", topics_line(rng, topics)]
    return "\n\n".join(parts)


# --------------------------------------------------------------------------------------
# The plan: what depends on the corpus size.


@dataclass(frozen=True)
class Plan:
    n: int
    names: list[str]  # "000/000123_0123456789abcdef" without extension
    holder_of: dict[int, int]  # article index -> pool title index
    held: list[int]  # pool title indexes that have an article
    held_by: dict[int, int]  # pool title index -> article index


@functools.lru_cache(maxsize=4)
def make_plan(n: int, seed: int = 0) -> Plan:
    world = build_world(seed)
    rng = random.Random(world.plan_seed)
    names = [f"{i // FILES_PER_FOLDER:03d}/{i:06d}_{rng.getrandbits(64):016x}" for i in range(n)]
    hold_rng = random.Random(world.plan_seed + n)
    count = min(len(world.titles), max(1, n // 4))
    holders = hold_rng.sample(range(n), count) if n else []
    holder_of = {a: k for k, a in enumerate(holders)}
    return Plan(n=n, names=names, holder_of=holder_of, held=list(range(count)),
                held_by={k: a for a, k in holder_of.items()})


# --------------------------------------------------------------------------------------
# One article.


def _slug(title: str) -> str:
    stop = {"a", "an", "the", "to", "of", "in", "for", "and", "on", "at"}
    words = normalize_title(title.replace(".", "")).split()
    return "-".join(w for w in words if w not in stop)


def sidecar_json(meta: dict) -> str:
    """The seed's layout: two-space indent, the authors list on one line."""
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _nbytes(s: str) -> int:
    return len(s.encode("utf-8"))


def render_article(i: int, seed: int, plan: Plan) -> tuple[str, str | None]:
    """The text of article ``i`` and its sidecar JSON (or None)."""
    world = build_world(seed)
    rng = random.Random(world.body_base + i)
    rel_rng = random.Random(world.related_base + i)

    has_sidecar = rng.random() < SIDECAR_SHARE
    pool_index = plan.holder_of.get(i)
    target = rng.randint(TARGET_LOW, TARGET_HIGH)

    # Title and metadata.
    if pool_index is not None:
        pt = world.titles[pool_index]
        title, date, authors = pt.title, pt.date, pt.authors
    else:
        title = unique_title(rng, world, 6 * i)
        date = random_date(rng)
        authors = pick_authors(rng, world, rng.choice((0, 1, 1, 1, 2, 2, 3)))
    if has_sidecar:
        title_line = rng.random() < 0.08
    else:
        title_line = pool_index is not None or rng.random() < 0.75
    sidecar = None
    if has_sidecar:
        publisher, domain = PUBLISHERS[rng.randrange(len(PUBLISHERS))]
        date_text = date.isoformat() if rng.random() < 0.4 else date.isoformat()[:7]
        sidecar = sidecar_json({
            "title": title,
            "url": f"https://www.{domain}/publications/{date.year}/{date.month:02d}/{_slug(title)}",
            "date": date_text,
            "authors": list(authors),
            "publisher": publisher,
        })

    # Focus of the article: a few content words and names that recur in it.
    focus = [world.words[rng.randrange(world.function_count, 6000)] for _ in range(8)]
    focus_entities = [_entity(rng, world) for _ in range(rng.randint(1, 3))]
    w = Writer(rng, world, focus, focus_entities)
    # Words outside the vocabulary, each used once: names, misspellings, coinages. They
    # make the term dictionary grow with the corpus as a real one does.
    w.one_offs = [_synthetic_word(rng, VOCAB_SIZE) for _ in range(rng.choice((0, 0, 1, 1, 2, 3, 4)))]

    # Related block first: the body fills whatever room is left.
    rw = Writer(rel_rng, world, focus, focus_entities)
    n_entries = rel_rng.randint(2, 5)
    entries = []
    used_pool: list[int] = []
    for j in range(n_entries):
        r = rel_rng.random()
        k = None
        if r < 0.4 and plan.held:
            k = plan.held[rel_rng.randrange(len(plan.held))]
        elif r < 0.55:
            k = rel_rng.randrange(len(world.titles))
        if k is not None and (k == pool_index or k in used_pool):
            k = None
        if k is not None:
            used_pool.append(k)
        entries.append(related_entry(rel_rng, world, rw, k, 6 * i + 1 + j))
    heading = rel_rng.choices(RELATED_HEADINGS, weights=RELATED_HEADING_WEIGHTS)[0]
    cap_related = int(target * 0.45)
    while len(entries) > 2 and _nbytes("\n\n".join(entries)) > cap_related:
        entries.pop()
    gap = "\n\n\n" if rel_rng.random() < 0.8 else "\n\n"
    tail = gap + heading + "\n\n" + "\n\n".join(entries) + "\n\n" + FOOTER

    head = title + "\n\n" if title_line else ""
    budget = target - _nbytes(head) - _nbytes(tail)

    # Body layout.
    style = rng.choices(["question", "colon", "myth", "roman", "plain", "mixed"],
                        weights=[40, 15, 8, 10, 12, 15])[0]
    n_sections = rng.randint(2, 5)
    if budget < 2400:
        n_sections = min(n_sections, 3)
    n_lead = rng.choice((1, 1, 2))
    single_nl = 0.3 if rng.random() < 0.2 else 0.0
    want_caption = rng.random() < 0.35
    want_takeaways = rng.random() < 0.15

    def heading_for(k: int) -> str:
        s = style
        if s == "mixed":
            s = rng.choice(("question", "colon", "plain"))
        if s == "question":
            return question_heading(rng, world)
        return statement_heading(rng, world, s, k)

    lead: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    extras_after_lead: list[str] = []
    section_caption: tuple[int, str] | None = None  # (section number, caption block)
    used = 0
    if want_caption:
        c = caption(w)
        if rng.random() < 0.6:
            extras_after_lead.append(c + "\n" + c)
        else:
            section_caption = (rng.randrange(n_sections), c + "\n" + c)
        used += 2 * _nbytes(c) + 3
    if want_takeaways:
        t = takeaways(w)
        extras_after_lead.append(t)
        used += _nbytes(t) + 2
    headings: list[str] = []
    for k in range(n_sections):
        h = heading_for(k + 1)
        for _ in range(5):
            if h not in headings:
                break
            h = heading_for(k + 1)
        headings.append(h)
    used += sum(_nbytes(h) + 2 for h in headings)

    # Every block gets one paragraph, then paragraphs go to random sections.
    per_min = max(120, (budget - used) // (n_lead + n_sections + 3))
    for _ in range(n_lead):
        p = w.paragraph(max_bytes=max(per_min, 200))
        lead.append(p)
        used += _nbytes(p) + 2
    for h in headings:
        p = w.paragraph(max_bytes=max(per_min, 200))
        sections.append((h, [p]))
        used += _nbytes(p) + 2
    while used < budget - 60:
        p = w.paragraph(max_bytes=budget - used + 40)
        sections[rng.randrange(len(sections))][1].append(p)
        used += _nbytes(p) + 2

    def join_paragraphs(paras: list[str]) -> str:
        out = paras[0]
        for p in paras[1:]:
            out += ("\n" if rng.random() < single_nl else "\n\n") + p
        return out

    def section_blocks() -> list[str]:
        out = []
        for k, (h, paras) in enumerate(sections):
            out.append(h)
            if section_caption is not None and section_caption[0] == k:
                out.append(section_caption[1])
            out.append(join_paragraphs(paras))
        return out

    front = [lead[0], *extras_after_lead]
    if len(lead) > 1:
        front.append(join_paragraphs(lead[1:]))
    text = head + "\n\n".join(front + section_blocks()) + tail

    # Keep the size inside the promised range whatever the draws were.
    size = _nbytes(text)
    while size > MAX_BYTES:
        h, paras = max(sections, key=lambda s: len(s[1]))
        if len(paras) > 1:
            paras.pop()
        else:
            paras[0] = paras[0][: len(paras[0]) // 2].rsplit(" ", 1)[0] + "."
        text = head + "\n\n".join(front + section_blocks()) + tail
        size = _nbytes(text)
    while size < MIN_BYTES:
        sections[-1][1].append(w.paragraph())
        text = head + "\n\n".join(front + section_blocks()) + tail
        size = _nbytes(text)
    return text, sidecar


# --------------------------------------------------------------------------------------
# Writing.


def _write_range(args: tuple[int, int, int, int, str]) -> int:
    n, seed, start, stop, out = args
    plan = make_plan(n, seed)
    out_dir = Path(out)
    total = 0
    for i in range(start, stop):
        text, sidecar = render_article(i, seed, plan)
        base = out_dir / plan.names[i]
        data = text.encode("utf-8")
        base.with_name(base.name + ".txt").write_bytes(data)
        total += len(data)
        if sidecar is not None:
            base.with_name(base.name + ".meta.json").write_bytes(sidecar.encode("utf-8"))
    return total


def generate(n: int, out_dir: Path, seed: int = 0, workers: int | None = None) -> list[Path]:
    """Write ``n`` articles (and their sidecars) under ``out_dir``; return the ``.txt`` paths.

    Files are spread over ``000/``, ``001/``... with at most 1,000 articles each. Existing
    files of the same names are overwritten; nothing else is touched. ``workers`` only
    changes the speed, never the output (default: 2 processes from 2,000 articles up).
    """
    out_dir = Path(out_dir)
    world = build_world(seed)
    _pool_summaries(seed)
    plan = make_plan(n, seed)
    for f in range((n + FILES_PER_FOLDER - 1) // FILES_PER_FOLDER):
        (out_dir / f"{f:03d}").mkdir(parents=True, exist_ok=True)
    if workers is None:
        workers = 1 if n < 2000 else max(1, min(2, os.cpu_count() or 1))
    chunk = 250
    jobs = [(n, seed, s, min(n, s + chunk), str(out_dir)) for s in range(0, n, chunk)]
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            _write_range(job)
    else:
        ctx = multiprocessing.get_context("fork") if sys.platform != "win32" else multiprocessing
        with ctx.Pool(workers) as pool:
            for _ in pool.imap_unordered(_write_range, jobs):
                pass
    del world
    return [out_dir / (name + ".txt") for name in plan.names]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.corpus", description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    paths = generate(args.n, args.out_dir, seed=args.seed, workers=args.workers)
    elapsed = time.perf_counter() - t0
    sidecars = sum(1 for p in paths if p.with_name(p.name[:-4] + ".meta.json").exists())
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} articles ({sidecars} sidecars, {size / 1e6:.1f} MB of text) "
          f"in {args.out_dir} in {elapsed:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
