"""Generated articles and labelled letters for ``python -m bench linking``.

Articles: a magazine's two years, on overlapping topics. Each topic has its own vocabulary and
shares words with its neighbours (the budget and the economy, Ukraine and defence); every article
adds its own people and places (the names that make a piece that piece) and a headline built from
them. Letters, each labelled with the article(s) it answers: a URL in one of its forms, the
headline quoted, a paraphrase with no reference at all ("vague" when it names nothing of its
article but its topic), two articles in one letter (a URL and a headline; two URLs discussed alike;
two URLs, one only pasted), and letters
about nothing the magazine published. Deterministic for a seed.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from slugify import slugify

TOPICS = {
    "budget": "chancellor treasury budget taxes borrowing deficit spending fiscal rules gilts growth investment",
    "economy": "inflation interest rates bank england growth recession wages productivity markets investment",
    "nhs": "hospitals doctors nurses waiting lists ambulance patients strikes social care funding beds",
    "schools": "teachers pupils schools ofsted exams curriculum funding universities students fees",
    "ukraine": "ukraine russia kyiv frontline drones artillery sanctions kremlin ceasefire offensive",
    "defence": "defence army navy spending nato missiles procurement troops alliance deterrence",
    "china": "china beijing taiwan trade tariffs microchips diplomacy strait xi sanctions",
    "usa": "washington congress senate president election campaign republicans democrats tariffs trade",
    "brexit": "brexit europe brussels trade border customs fishing single market agreement",
    "housing": "housing homes planning rents mortgages builders councils landlords green belt",
    "energy": "energy gas electricity prices renewables nuclear bills grid wind solar",
    "climate": "climate emissions net zero carbon targets renewables heat pumps cop warming",
    "immigration": "immigration migrants asylum boats channel visas border home office deportation",
    "labour": "labour starmer party cabinet reshuffle backbenchers manifesto unions leadership",
    "tories": "conservatives tories leadership contest members party opposition reform",
    "scotland": "scotland holyrood independence snp edinburgh referendum devolution glasgow",
    "middle-east": "israel gaza iran hostages ceasefire lebanon hezbollah diplomacy strikes",
    "tech": "artificial intelligence technology chips regulation data platforms startups silicon",
    "culture": "theatre novel film museum arts galleries festival opera critics audiences",
    "courts": "judges courts prisons sentencing justice barristers backlog police crime",
    "transport": "railways trains hs2 roads buses fares strikes airports congestion",
    "france": "france paris macron assembly pensions protests elysee prime minister",
    "germany": "germany berlin chancellor coalition bundestag industry cars elections",
    "welfare": "benefits welfare universal credit disability poverty pensions triple lock",
}
NEIGHBOURS = {"budget": "economy", "economy": "budget", "ukraine": "defence", "defence": "ukraine",
              "china": "tech", "tech": "china", "usa": "china", "brexit": "france", "energy": "climate",
              "climate": "energy", "nhs": "welfare", "welfare": "nhs", "labour": "tories", "tories": "labour",
              "housing": "economy", "immigration": "courts", "courts": "immigration", "schools": "labour",
              "scotland": "labour", "middle-east": "usa", "culture": "tech", "transport": "budget",
              "france": "germany", "germany": "france"}
GENERAL = ("government minister policy people country years week public money plan question problem "
           "years future debate critics voters decision change argument months power history point").split()
SURNAMES = ("Abbott Baxter Carrington Dalrymple Ellison Fairbairn Galloway Hartley Ingram Jessop Kendrick "
            "Lockhart Mortimer Newbold Ormerod Pemberton Quilter Rawlinson Stanhope Thorburn Underwood "
            "Vickers Whitlock Yardley Ashdown Blackwood Cavendish Drummond Everett Fenwick Grimshaw "
            "Holloway Irvine Jardine Kilbride Lovell Merriman Northcote Osgood Prescott Radcliffe Sinclair "
            "Tennant Upton Verity Wexford Ainsley Brightwell Cropper Duckworth Entwistle Fothergill").split()
PLACES = ("Grimsby Peterhead Sunderland Wrexham Carlisle Ipswich Swindon Barnsley Redditch Hartlepool "
          "Kharkiv Odesa Shenzhen Kaohsiung Rotterdam Gdansk Lyon Leipzig Dundee Inverness Truro "
          "Margate Blackpool Stoke Bolton Harlow Basildon Tamworth Kettering Penrith Oban Bangor").split()
# Real news is full of names no other piece has; two short lists would make every name common.
_STEMS = "Ash Black Brad Brook Cald Cran Dun Eld Fair Farn Gold Hal Hart Hazel Kirk Lang Mar Mel Nor Pen Rad Red Roth Sel Stan Thorn Wal Wes Whit Win".split()
_ENDS = "bury by combe dale field ford gate ham hurst ley lock mere more ridge stead ton well wick worth wood".split()
SURNAMES = SURNAMES + [a + b for a in _STEMS for b in _ENDS[:10]]
PLACES = PLACES + [a + b for a in _STEMS for b in _ENDS[10:]] + [f"{a}{b}shire" for a in _STEMS[:8] for b in ("", "ton")]
THINGS = ("levy scheme review bill inquiry deal summit pledge report strategy u-turn reform plan "
          "row gamble crisis settlement mission compact charter audit").split()
HEADLINES = ["{who}'s {thing} and the {t1} {t2}", "Why the {t1} {thing} will not save {where}",
             "{who} bets on {t1} as {where} waits", "The {thing} that {who} cannot escape",
             "What {where} tells us about {t1} and {t2}", "{who}, {t1} and the coming {thing}",
             "After {where}: the {t1} {thing} nobody wanted", "Is {who}'s {t1} {thing} already failing?"]
OFF_TOPIC = ("gardening roses allotment marmalade cricket village fete crossword bees hedgehogs birdsong "
             "choir bowls church bells knitting canal narrowboat walking dogs puppies recipes scones").split()


@dataclass
class GenArticle:
    id: int
    slug: str
    title: str
    url: str
    short_url: str
    published_on: date
    body: str
    summary: str
    topic: str
    names: list[str]


@dataclass
class GenLetter:
    kind: str
    subject: str
    body: str
    received_at: datetime
    expected: int | None                 # the article id; None: rightly unassigned
    also: list[int] = field(default_factory=list)     # the second article of a two-article letter
    # A paraphrase naming none of its article's particulars (only its topic's words, shared by
    # dozens of recent pieces): nothing in it can tell which one, so unassigned is right too.
    vague: bool = False


def _sentence(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def articles(n: int, *, seed: int = 1, end: date = date(2026, 11, 30)) -> list[GenArticle]:
    rng = random.Random(seed)
    made, slugs = [], set()
    topics = list(TOPICS)
    for i in range(1, n + 1):
        topic = rng.choice(topics)
        own = TOPICS[topic].split()
        near = TOPICS[NEIGHBOURS[topic]].split()
        who, where = rng.choice(SURNAMES), rng.choice(PLACES)
        # The piece's own particulars: two more names and a few words of its own angle.
        names = [who, where, rng.choice(SURNAMES), rng.choice(PLACES)]
        angle = rng.sample(own, 4)
        title = rng.choice(HEADLINES).format(who=who, where=where, thing=rng.choice(THINGS), t1=angle[0], t2=angle[1])
        slug = slugify(title)[:80]
        base, k = slug, 2
        while slug in slugs:
            slug, k = f"{base}-{k}", k + 1
        slugs.add(slug)
        vocab = own * 3 + near + GENERAL * 2 + angle * 3 + names * 2
        body = "\n\n".join(" ".join(_sentence(rng, vocab, rng.randint(9, 18)) for _ in range(rng.randint(4, 7)))
                           for _ in range(rng.randint(5, 8)))
        published = end - timedelta(days=rng.randint(0, 730))
        made.append(GenArticle(i, slug, title, f"https://reaction.life/{slug}/", f"https://reaction.life/?p={10000 + i}",
                               published, body, _sentence(rng, own + angle + names, 14), topic, names))
    return made


def _url_form(rng: random.Random, a: GenArticle) -> str:
    return rng.choice([
        a.url, a.url.rstrip("/"), a.url.replace("https://", "http://www."), f"{a.url}?utm_source=newsletter&utm_medium=email",
        f"{a.url}amp/", a.url.replace("https://", "https://m."), a.url.replace("https://", ""), a.short_url,
        f"https://www-reaction-life.cdn.ampproject.org/c/s/reaction.life/{a.slug}/amp/", f"{a.url}?fbclid=IwAR0x"])


def _discussion(rng: random.Random, a: GenArticle, n: int) -> str:
    """What a reader writes about a piece: its particulars and topic, in their own sentences."""
    own = TOPICS[a.topic].split()
    vocab = own * 2 + a.names * 2 + GENERAL * 3 + rng.sample(OFF_TOPIC, 2)
    return " ".join(_sentence(rng, vocab, rng.randint(8, 15)) for _ in range(n))


def letters(arts: list[GenArticle], n: int, *, seed: int = 2) -> list[GenLetter]:
    rng = random.Random(seed)
    # Readers answer recent pieces: the newest 60 days of the two years.
    newest = max(a.published_on for a in arts)
    recent = [a for a in arts if (newest - a.published_on).days <= 60] or arts
    out = []
    kinds = ["url"] * 20 + ["headline"] * 20 + ["paraphrase"] * 30 + ["two"] * 15 + ["none"] * 15
    for i in range(n):
        kind = kinds[i % len(kinds)]
        a = rng.choice(recent)
        received = datetime.combine(a.published_on + timedelta(days=rng.randint(0, 10)), time(9), timezone.utc)
        sign = f"\n\n{rng.choice(SURNAMES)} {rng.choice(['Ann', 'Tom', 'Priya', 'Hugh'])}\n{rng.choice(PLACES)}"
        if kind == "url":
            body = f"Sir, {_discussion(rng, a, 3)} (see {_url_form(rng, a)}){sign}"
            out.append(GenLetter(kind, rng.choice(["Your article", "Letter", ""]), body, received, a.id))
        elif kind == "headline":
            if rng.random() < 0.5:
                out.append(GenLetter(kind, f"Re: {a.title}", f"Sir, {_discussion(rng, a, 3)}{sign}", received, a.id))
            else:
                body = f"Sir, your piece \u201c{a.title}\u201d was wrong. {_discussion(rng, a, 3)}{sign}"
                out.append(GenLetter(kind, "A reply", body, received, a.id))
        elif kind == "paraphrase":
            text = _discussion(rng, a, rng.randint(3, 6))
            vague = not {w.lower() for w in a.names} & set(text.lower().replace(".", " ").split())
            out.append(GenLetter("paraphrase-vague" if vague else kind, rng.choice(["", "Letter to the editor", "A thought"]),
                                 f"Sir, {text}{sign}", received, a.id, vague=vague))
        elif kind == "two":
            # The other piece was published by the time the letter came (a letter cannot discuss a
            # piece not yet out; linking rightly never chooses one).
            b = rng.choice([x for x in recent if x.id != a.id and x.published_on <= received.date()])
            if rng.random() < 0.5:       # one linked by URL, the other named by its headline: the URL's wins
                body = (f"Sir, {_discussion(rng, a, 3)} {_url_form(rng, a)}. As your other piece, "
                        f"\u201c{b.title}\u201d, argued, {_discussion(rng, b, 1)}{sign}")
                out.append(GenLetter(kind, "Two pieces", body, received, a.id, [b.id]))
            elif rng.random() < 0.5:     # both by URL, both discussed alike: stays unassigned, both suggested
                body = (f"Sir, {_url_form(rng, a)} and {_url_form(rng, b)}. {_discussion(rng, a, 2)} "
                        f"{_discussion(rng, b, 2)}{sign}")
                out.append(GenLetter("two-equal", "Two pieces", body, received, None, [a.id, b.id]))
            else:                        # both by URL, one discussed, the other only pasted: the first wins
                body = (f"Sir, {_url_form(rng, a)}: {_discussion(rng, a, 4)} (I also read {_url_form(rng, b)}.){sign}")
                out.append(GenLetter("two-main", "Two pieces", body, received, a.id, [b.id]))
        else:
            vocab = OFF_TOPIC * 3 + GENERAL
            body = "Sir, " + " ".join(_sentence(rng, vocab, rng.randint(8, 14)) for _ in range(4)) + sign
            out.append(GenLetter(kind, rng.choice(["", "Village life"]), body, received, None))
    return out
