"""Words for the lexical engine: sentences, tokens, stems, abbreviations, synonyms, and which
tokens a negation or a dismissal covers. Pure and fast: stems are memoised."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]

_STEMMER = snowballstemmer.stemmer("english")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Sentence ends: . ! ? ; or a line break, outside numbers such as 0.05 and names such as node.js.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n\s*\n|\n(?=\s*[-*•]|\s*\d+[.)]\s)|\n")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[<>=]")
_MARKDOWN = re.compile(r"[`*_#|>]+")
_CONTRACTION = re.compile(r"n't\b|n’t\b")
# Contractions typed without the apostrophe ("didnt", "isnt").
_BARE_CONTRACTION = re.compile(
    r"\b(do|does|did|is|are|was|were|would|could|should|has|have|had|must)nt\b"
)
_CLAUSE_BREAK = frozenset(
    {",", "but", "so", "while", "whereas", "although", "though", "then", "if", "unless", "because"}
)
_CLAUSE_PUNCT = re.compile(r"[,:()\[\]—–]|\s-\s")

STOPWORDS = _words(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both by can could did do does doing down during each either
    else etc eg ie for from further had has have having he her here hers herself him himself
    his how i if in into is it its itself just let like may me might more most must my
    myself of off on once only or other our ours ourselves out over own per same shall she
    should so some such than that the their theirs them themselves then there these they
    this those through to too under until up upon us very via was we were what when where
    which while who whom why will with within would you your yours yourself yourselves ok
    okay so yeah um uh basically really actually kind sort stuff thing things way ways lot
    lots bit get gets got getting go goes going gone make makes made making say says said
    one ones use used uses using can't i'd i'm i've i'll we'd we're we've you'd you're it's
    that's there's let's s t d ll re ve m tho though vs versus e g i e often usually
    typically always something anything everything someone anyone whatever define defines
    mention mentions describe describes explain explains discuss discusses considers gives
    shows names states but whereas although
    """
)

NEGATIONS = _words("not no never without none nobody nothing neither nor cannot avoid")
# Phrases that turn what follows them into its opposite ("instead of X", "rather than X").
_NEGATING_PHRASES = (
    ("instead", "of"),
    ("rather", "than"),
    ("not", "until"),
    ("no", "need"),
    ("as", "opposed", "to"),
)
# Predicates that dismiss the clause they stand in: "peeking is fine", "X isn't needed".
_DISMISSALS = (
    ("is", "fine"),
    ("are", "fine"),
    ("basically", "fine"),
    ("not", "needed"),
    ("not", "necessary"),
    ("not", "worth"),
    ("not", "matter"),
    ("no", "point"),
    ("unnecessary",),
    ("overkill",),
    ("too", "conservative"),
    ("waste", "of", "time"),
    ("same", "thing"),
    ("not", "a", "thing"),
    ("cost", "nothing"),
    ("pointless",),
    ("useless",),
    ("irrelevant",),
    ("nothing", "to", "do", "with"),
    ("not", "something"),
)
# Words a verb's negation follows ("X don't help", "X isn't needed"): the clause's subject is
# denied too, back to the clause start or a pronoun that is the subject ("in the postmortem we
# didn't blame" denies the blaming, not the postmortem).
_AUXILIARIES = _words(
    "do does did is are was were be been would will can could should shall has have had might must"
)
_SOFTENERS = _words("less fewer")
_SUBJECTS = _words("i we you they he she it this that there")
# Relations whose two sides must not swap: "star over snowflake" is not "snowflake over star".
_ORDERED = _words("over than before instead rather")
NEGATION_SCOPE = 5  # content tokens after a cue that it negates, within the clause

# Typed shorthand → what it stands for (applied to key points and answers alike).
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "db": ("database",),
    "dbs": ("database",),
    "prod": ("production",),
    "perf": ("performance",),
    "auth": ("authentication",),
    "authn": ("authentication",),
    "authz": ("authorization",),
    "config": ("configuration",),
    "cfg": ("configuration",),
    "env": ("environment",),
    "envs": ("environment",),
    "repo": ("repository",),
    "req": ("request",),
    "reqs": ("request",),
    "resp": ("response",),
    "msg": ("message",),
    "msgs": ("message",),
    "val": ("validation",),
    "eval": ("evaluation",),
    "evals": ("evaluation",),
    "stats": ("statistics",),
    "stat": ("statistic",),
    "infra": ("infrastructure",),
    "k8s": ("kubernetes",),
    "pr": ("pull", "request"),
    "prs": ("pull", "request"),
    "pw": ("password",),
    "pwd": ("password",),
    "passwd": ("password",),
    "w": ("with",),
    "wo": ("without",),
    "lr": ("learning", "rate"),
    "ui": ("interface",),
    "ux": ("experience",),
    "fp": ("false", "positive"),
    "fps": ("false", "positive"),
    "xsrf": ("csrf",),
    "2fa": ("mfa",),
    "rtt": ("roundtrip",),
    "retro": ("retrospective",),
    "1:1": ("1on1",),
    "e2e": ("end", "to", "end"),
    "asap": ("quickly",),
}

# Words typed apart or together: "roll back" and "rollback" are one word to the engine.
_JOINS = {
    ("roll", "back"): "rollback",
    ("rolled", "back"): "rollback",
    ("rolling", "back"): "rollback",
    ("on", "call"): "oncall",
    ("post", "mortem"): "postmortem",
    ("log", "in"): "login",
    ("logs", "in"): "login",
    ("sign", "in"): "login",
    ("one", "on", "one"): "1on1",
    ("round", "trip"): "roundtrip",
    ("round", "trips"): "roundtrip",
    ("switch", "back"): "rollback",
    ("switching", "back"): "rollback",
    ("go", "back"): "rollback",
    ("going", "back"): "rollback",
    ("flip", "back"): "rollback",
    ("cross", "site", "scripting"): "xss",
    ("cross", "site", "request", "forgery"): "csrf",
    ("content", "security", "policy"): "csp",
    ("multi", "factor", "authentication"): "mfa",
    ("two", "factor", "authentication"): "mfa",
    ("multi", "factor"): "mfa",
    ("time", "to", "live"): "ttl",
    ("service", "level", "objective"): "slo",
    ("familywise", "error", "rate"): "fwer",
    ("family", "wise", "error", "rate"): "fwer",
    ("false", "discovery", "rate"): "fdr",
    ("benjamini", "hochberg"): "bh",
    ("performance", "improvement", "plan"): "pip",
    ("blast", "radius"): "blastradius",
    ("a", "b"): "ab",
}

# The stem a figure in an answer ("8%", "40 minutes") also counts as, so a key point asking for
# "numbers" or a "quantified" or "measured" result is met by one.
QUANTITY = "quantifi"

# Stems that mean the same here, mapped onto one (after stemming). Kept general: words people
# use interchangeably when they talk about software, data and teams.
_SYNONYM_GROUPS = (
    ("retri", "resend", "redo", "resubmit"),
    ("rollback", "revert", "undo"),
    ("delet", "remov"),
    ("fast", "quick", "cheap"),
    ("slow", "expens", "costli", "slowli"),
    ("error", "failur", "fail", "fault", "mistak", "bug", "wrong"),
    ("outag", "incid", "downtim"),
    ("mitig", "stabilis", "stabil", "contain"),
    ("detect", "spot", "notic", "catch", "find", "discov", "identifi"),
    ("fix", "resolv", "remedi", "correct"),
    ("communic", "updat", "inform", "notifi", "tell", "told", "email", "announc"),
    ("stakehold", "leadership", "manag", "client"),
    ("custom", "user", "client"),
    ("prevent", "guard", "block"),
    ("big", "larg", "huge", "high"),
    ("small", "tini", "low", "littl"),
    ("unseen", "unknown"),
    ("train", "fit"),
    ("simpl", "simpler", "smaller"),
    ("complex", "complic"),
    ("accuraci", "score", "perform", "metric"),
    ("latenc", "slower", "respons"),
    ("store", "save", "keep", "persist", "kept"),
    ("check", "verifi", "assert"),
    ("document", "note", "record", "write", "wrote", "written"),
    ("expect", "goal", "bar", "target"),
    ("schedul", "weekli", "regular"),
    ("pair", "mentor", "coach"),
    ("outcom", "result", "impact", "effect"),
    ("cost", "pay", "price"),
    ("capac", "machin", "instanc"),
    ("version", "releas"),
    ("column", "field"),
    ("encod", "escap"),
    ("sanitis", "sanit", "clean"),
    ("script", "javascript", "js"),
    ("cooki", "session"),
    ("forg", "forgeri", "spoof"),
    ("log", "trace", "tracing", "span"),
    ("count", "tally"),
    (QUANTITY, "number", "numer", "measur", "quantit"),
    ("request", "call"),
    ("depend", "vari", "varies"),
    ("doubl", "twice", "2x"),
    ("instant", "immedi", "straight"),
    ("autom", "automat"),
    ("learn", "memoris", "memor", "memoriz"),
    ("good", "well", "great"),
    ("poor", "bad", "badli", "wors", "worst"),
    ("hypothes", "hypothesi"),
    ("protect", "defenc", "defens", "safeguard"),
    ("analysi", "analys", "analyz", "compar"),
)
SYNONYMS: dict[str, str] = {stem: group[0] for group in _SYNONYM_GROUPS for stem in group}

# Words that claim the opposite of each other. Saying one where a key point says the other is a
# wrong claim in the point's own words ("a fast hash" for "a slow hash", "write-heavy" for
# "read-heavy"), not a paraphrase.
_CONTRAST_PAIRS = (
    ("slow", "fast"),
    ("slow", "instant"),
    ("fast", "wait"),
    ("fast", "delay"),
    ("fast", "late"),
    ("read", "write"),
    ("big", "small"),
    ("simple", "complex"),
    ("good", "poor"),
    ("safe", "unsafe"),
    ("safe", "dangerous"),
    ("increase", "decrease"),
    ("increase", "reduce"),
    ("early", "late"),
    ("first", "last"),
    ("same", "different"),
    ("single", "multiple"),
    ("single", "parallel"),
    ("sync", "async"),
    ("strong", "weak"),
    ("public", "private"),
    ("push", "pull"),
    ("accept", "reject"),
    ("allow", "deny"),
    ("enable", "disable"),
    ("include", "exclude"),
    ("bypass", "stop"),
    ("bypass", "prevent"),
)


_SINGLE = "singl"  # the stem of "single"


def _contrasts() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for a, b in _CONTRAST_PAIRS:
        sa, sb = stem(a), stem(b)
        if sa != sb:
            table.setdefault(sa, set()).add(sb)
            table.setdefault(sb, set()).add(sa)
    return {k: frozenset(v) for k, v in table.items()}


@lru_cache(maxsize=65_536)
def root(word: str) -> str:
    """The Snowball stem."""
    return str(_STEMMER.stemWord(word))


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The Snowball stem, mapped onto its synonym group's stem."""
    base = root(word)
    return SYNONYMS.get(base, base)


def contrasts(stem_: str) -> frozenset[str]:
    """The stems that claim the opposite of ``stem_`` (empty if none)."""
    global _CONTRASTS
    if _CONTRASTS is None:
        _CONTRASTS = _contrasts()
    return _CONTRASTS.get(stem_, frozenset())


_CONTRASTS: dict[str, frozenset[str]] | None = None


def sentences(text: str) -> list[str]:
    """The answer's sentences, stripped, without empty ones."""
    parts = _SENTENCE_END.split(text.replace("\r\n", "\n"))
    return [" ".join(p.split()) for p in parts if p and p.strip()]


@dataclass(frozen=True)
class Token:
    stem: str
    negated: bool  # inside the scope of a negation cue or a dismissal


def raw_words(text: str) -> list[str]:
    """Lower-cased words with contractions opened ("wouldn't" → "would", "not") and clause
    breaks kept as ","."""
    lowered = _MARKDOWN.sub(" ", text.casefold().replace("’", "'"))
    lowered = _CONTRACTION.sub(" not", lowered)
    lowered = _BARE_CONTRACTION.sub(r"\1 not", lowered)
    lowered = lowered.replace("can't", "can not").replace("won't", "will not")
    lowered = _CLAUSE_PUNCT.sub(" , ", lowered)
    out: list[str] = []
    for chunk in lowered.split():
        if chunk == ",":
            out.append(",")
            continue
        for word in _TOKEN.findall(chunk):
            if word.endswith("'s"):
                word = word[:-2]
                if word in _IS_CONTRACTED:  # "it's fine" is "it is fine"
                    out.extend((word, "is"))
                    continue
            expanded = ABBREVIATIONS.get(word)
            if expanded is not None:
                out.extend(expanded)
            elif "'" in word:
                out.extend(w for w in word.split("'") if w)
            else:
                out.append(word)
        if chunk.endswith((",", ";", ":")):
            out.append(",")
    return _join(out)


# Words whose "'s" is "is", not a possessive.
_IS_CONTRACTED = frozenset({"it", "that", "there", "here", "he", "she", "this"})
_PRONOUNS = frozenset({"it", "them", "that", "this", "everything", "things"})
_STEM_JOINS = {tuple(_STEMMER.stemWords(list(k))): v for k, v in _JOINS.items()}


def _join(words: list[str]) -> list[str]:
    """Join phrases whatever their inflection: "rolls back", "rolled back" → "rollback"."""
    roots = [root(w) for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        # "roll it back", "switch them back": the pronoun goes, the phrase joins.
        if i + 2 < len(words) and words[i + 1] in _PRONOUNS:
            joined = _STEM_JOINS.get((roots[i], roots[i + 2]))
            if joined is not None:
                out.append(joined)
                i += 3
                continue
        for size in (4, 3, 2):
            joined = _STEM_JOINS.get(tuple(roots[i : i + size]))
            if joined is not None:
                out.append(joined)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def tokens(text: str) -> list[Token]:
    """Content stems of ``text`` with negation flags: "I wouldn't roll back until" marks "roll"
    and "back" as negated; "peeking is fine" marks its whole clause."""
    words = raw_words(text)
    negated = [False] * len(words)
    _mark_cues(words, negated)
    _mark_dismissals(words, negated)
    result: list[Token] = []
    for at, (word, neg) in enumerate(zip(words, negated, strict=True)):
        if word == "one" and at + 1 < len(words) and words[at + 1] not in STOPWORDS:
            result.append(Token(_SINGLE, neg))  # "one thread" is "a single thread"
            continue
        if word == "," or word in STOPWORDS or word in NEGATIONS:
            continue
        if len(word) == 1 and not word.isdigit() and word not in "<>=":
            continue
        base = stem(word)
        if base not in STOPWORDS:
            result.append(Token(base, neg))
        if word.isdigit():
            result.append(Token(QUANTITY, neg))
    return result


def _clause(words: list[str], at: int) -> tuple[int, int]:
    start = at
    while start > 0 and words[start - 1] not in _CLAUSE_BREAK:
        start -= 1
    end = at
    while end < len(words) and words[end] not in _CLAUSE_BREAK:
        end += 1
    return start, end


def _mark_cues(words: list[str], negated: list[bool]) -> None:
    i = 0
    while i < len(words):
        word = words[i]
        width = 0
        for phrase in _NEGATING_PHRASES:
            if tuple(words[i : i + len(phrase)]) == phrase:
                width = len(phrase)
                break
        if not width and word in NEGATIONS:
            width = 1
        if not width and word in _SOFTENERS:  # "a less complex model": only the next word
            j = i + 1
            while j < len(words) and words[j] in STOPWORDS and words[j] not in _CLAUSE_BREAK:
                j += 1
            if j < len(words) and words[j] not in _CLAUSE_BREAK:
                negated[j] = True
            i += 1
            continue
        if not width:
            i += 1
            continue
        j, content = i + width, 0
        while j < len(words) and words[j] not in _CLAUSE_BREAK and content < NEGATION_SCOPE:
            negated[j] = True
            if words[j] not in STOPWORDS:
                content += 1
            j += 1
        # "X is not Y", "X doesn't work": the subject right before a short negated predicate
        # is what the clause denies too, when nothing follows the cue in the clause or the cue
        # negates a verb ("SameSite cookies don't help with CSRF").
        if j == i + width or (i > 0 and words[i - 1] in _AUXILIARIES and width == 1):
            start, _ = _clause(words, i)
            k = i - 1
            while k >= start and words[k] not in _SUBJECTS and words[k] != "and":
                negated[k] = True
                k -= 1
        i += width


def _mark_dismissals(words: list[str], negated: list[bool]) -> None:
    for i in range(len(words)):
        for phrase in _DISMISSALS:
            if tuple(words[i : i + len(phrase)]) == phrase:
                start, end = _clause(words, i)
                for k in range(start, end):
                    negated[k] = True


def neighbours(toks: list[Token], reach: int = 2) -> set[tuple[str, str]]:
    """Pairs of content stems at most ``reach`` tokens apart, both orders."""
    pairs: set[tuple[str, str]] = set()
    for i, a in enumerate(toks):
        for b in toks[i + 1 : i + 1 + reach]:
            pairs.add((a.stem, b.stem))
            pairs.add((b.stem, a.stem))
    return pairs


def ordered_pairs(text: str, reach: int = 3) -> set[tuple[str, str]]:
    """(left, right) content stems on the two sides of an ordering word in the same clause:
    "star favoured over snowflake" → {(star, snowflak), (favour, snowflak)}."""
    words = raw_words(text)
    pairs: set[tuple[str, str]] = set()
    for at, word in enumerate(words):
        if word not in _ORDERED:
            continue
        start, end = _clause(words, at)
        left = _content(words[start:at])[-reach:]
        right = _content(words[at + 1 : end])[:reach]
        pairs.update((a, b) for a in left for b in right if a != b)
    return pairs


def clauses(text: str) -> list[list[str]]:
    """The content stems of each clause (split at commas, semicolons, "and" and the clause
    words), plainly said ones only, in order."""
    words = raw_words(text)
    negated = [False] * len(words)
    _mark_cues(words, negated)
    _mark_dismissals(words, negated)
    out: list[list[str]] = [[]]
    for word, neg in zip(words, negated, strict=True):
        if word in _CLAUSE_BREAK or word == "and":
            if out[-1]:
                out.append([])
            continue
        if not neg:
            out[-1].extend(_content([word]))
    return [c for c in out if c]


def _content(words: list[str]) -> list[str]:
    out = []
    for word in words:
        if word in STOPWORDS or word in NEGATIONS or word in _ORDERED or len(word) < 2:
            continue
        base = stem(word)
        if base not in STOPWORDS:
            out.append(base)
    return out


def alternatives(text: str) -> list[frozenset[str]]:
    """Stems a key point lists as alternatives, one word each: "scrypt, bcrypt or PBKDF2" →
    {scrypt, bcrypt, pbkdf2}. Saying any one of them says the group."""
    words = raw_words(text)
    groups: list[frozenset[str]] = []
    for at, word in enumerate(words):
        if word != "or":
            continue
        after = _single(words, at + 1, 1)
        before = _single(words, at - 1, -1)
        if after is None or before is None:
            continue
        group = {after[0], before[0]}
        j = before[1]
        while j >= 0 and words[j] == ",":
            item = _single(words, j - 1, -1)
            if item is None:
                break
            group.add(item[0])
            j = item[1]
        groups.append(frozenset(stem(w) for w in group))
    return groups


def _single(words: list[str], at: int, step: int) -> tuple[str, int] | None:
    """The one content word of the list item starting at ``at`` (walking by ``step``) and the
    index just past the item, or None if the item has no content word or more than one."""
    found: str | None = None
    j = at
    while 0 <= j < len(words) and words[j] != "," and words[j] != "or":
        word = words[j]
        if word not in STOPWORDS and word not in NEGATIONS and len(word) > 1:
            if found is not None:
                return None
            found = word
        j += step
    return (found, j) if found is not None else None
