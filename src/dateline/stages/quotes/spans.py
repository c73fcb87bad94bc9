"""Content boundaries: post-processing applied to every reported clause after ``clauses`` read it.

The small parser attaches coordinated lists and the setting of an act of saying loosely, so a
content read off its subtree is often cut after the first conjunct ("discussed [his new book], The
Clinton's War on Women, and the campaign") or runs on into where and how the words were said
("supported [Sanders] in Virginia", "denounced [the bill] on free speech grounds"). PolNeAR bounds
content at what the source holds: every conjunct of it, none of the circumstances of saying it.
Each rule here works on one content at a time, from its cue token, never over the whole document.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Token

from .tokenmap import TokenMap  # (the stage reads it from this module)

# Prepositions that introduce the setting of an act (place, occasion, medium, duration) rather than
# part of what is held when their phrase hangs on the cue verb itself, after its object.
SETTING_PREPS = frozenset({"in", "on", "at", "during", "for", "from", "via", "through", "throughout", "while",
                           "before", "after", "outside", "inside", "amid"})
# Named-entity types that make a trailing phrase a setting ("in Virginia", "on Tuesday", "at the
# Capitol", "on CNN"): where or when the words were said, not a part of them.
SETTING_ENTS = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME", "ORG", "EVENT"})
# Heads of phrases naming the medium or occasion of saying ("on social media", "in an interview",
# "on its Facebook page", "on free speech grounds", "for two hours").
SETTING_NOUNS = frozenset({"media", "page", "interview", "statement", "speech", "rally", "debate", "show",
                           "program", "appearance", "appearances", "conference", "event", "hearing", "town",
                           "hall", "grounds", "ground", "condition", "basis", "occasion", "occasions",
                           "hours", "hour", "minutes", "times", "twitter", "facebook", "instagram", "tv",
                           "television", "radio", "broadcast", "podcast", "op-ed", "video", "ad", "letter",
                           "email", "call", "visit", "stop", "trip", "remarks", "meeting", "session",
                           "campaign", "state", "states", "city", "district", "county",
                           # session 7: posts, pieces and venues (cached PolNeAR train +3 matched, dev +1, none
                           # lost: "denounced [the annexation] in an on-air diatribe", "[it] in a tweet")
                           "tweet", "tweets", "post", "posts", "forum", "diatribe", "tirade", "rant", "article",
                           "story", "column", "editorial", "blog", "address", "testimony", "briefing", "summit",
                           "convention", "debates", "panel", "trail", "print", "lecture", "sermon", "ceremony",
                           "dinner", "luncheon", "breakfast", "fundraiser", "gathering", "memo", "filing", "book",
                           "newsletter", "website", "account", "accounts"})
# Subordinators of a clause that dates or frames an act of saying ("says X as he faces Y",
# "pointed out X, even though he had picked Y"): hung on the cue verb after its content, they are the
# writer's framing, not the source's words.
FRAME_MARKS = frozenset({"as", "while", "when", "after", "before", "though", "although", "even", "whereas",
                         "since", "until", "once"})
# Subordinators of a contrasting clause: with a comma before them and a second holder and cue inside
# ("..., while about 4 in 10 want one with experience") they start another source's attribution.
CONTRAST_MARKS = frozenset({"while", "though", "although", "whereas"})
# A coordinated list is followed over at most this many tokens past the content's end: longer runs are
# usually a new clause the parser hung on the list's head.
MAX_LIST_TOKENS = 60

# Subordinators of a condition or reason that the small parser hangs on the cue verb although it
# ends the reported clause ("promised to act [if he wins]", "said they left [because ...]"). Measured
# on PolNeAR train (840 articles, the content extended over such a clause right after it, no comma
# between): "if" 12 contents matched that did not before, 0 lost; "because" 18 gained, 3 lost. With
# a comma before it, or other subordinators, the clause as often frames the act of saying.
REASON_MARKS = frozenset({"if", "because"})

# Rule switches (measured one by one; see docs/BENCHMARKS.md, Quotes).
RULES = {"reason": True, "conjuncts": True, "setting": True, "frame": True, "predicate": True, "passive": True, "second": True, "shared": True, "paragraph": True, "title": True, "adjacent": True, "rest": True, "infinitive": True}


def _span(doc: Doc, start: int, end: int, tmap: TokenMap | None = None) -> tuple[int, int] | None:
    if tmap is not None:
        return tmap.span(start, end)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.start, span.end


# Closing marks a content keeps at its end (its quoted words or its bracket close there).
KEPT_AT_END = frozenset({"\u201d", '"', "\u2019", ")"})


def _char_end(doc: Doc, j: int) -> int:
    """Character end of token range ending before token ``j``, without trailing punctuation."""
    i = j - 1
    t = doc[i]  # one Token object per step (Doc.__getitem__ makes a new one on each call)
    while i > 0 and (t.is_punct or t.is_space) and t.text not in KEPT_AT_END:
        i -= 1
        t = doc[i]
    return t.idx + len(t)


def extend_conjuncts(doc: Doc, cue: Token | None, start: int, end: int, cues: set[int],
        tmap: TokenMap | None = None) -> int:
    """The end of a content whose last noun or clause continues in a list the parser left out
    ("discussed his new book, The Clinton's War, and the campaign"): conjuncts (and the
    conjunction before them) of a token inside the content, up to the list's end. A conjunct that
    is itself a cue, or a verb with its own subject, is a new act, not more content."""
    if tmap is None:
        tmap = TokenMap(doc, cues)
    r = tmap.span(start, end)
    if r is None:
        return end
    i, j = r
    # the list ends with its sentence: only the conjuncts and appositions before then are looked at
    # (any other token is no item of a list; most contents have none within reach)
    listed = tmap.listed
    a = bisect_left(listed, j)
    if a == len(listed) or listed[a] >= j + MAX_LIST_TOKENS:
        return end
    stop = min(tmap.sent_end(j), j + MAX_LIST_TOKENS)
    b = bisect_left(listed, stop, a)
    if a == b:
        return end
    new_j = j
    for k in listed[a:b]:
        if k < new_j:
            continue
        t = doc[k]
        if not i <= t.head.i < new_j or not (t.dep_ == "conj" or any(c.dep_ == "conj" for c in t.children)):
            continue  # (an apposition is an item only when a conjunct hangs on it)
        # only the list's commas and conjunction may stand between the content and the next item
        if any(not (g.is_punct or g.is_space or g.dep_ == "cc") for g in doc[new_j:t.left_edge.i]):
            break
        if k in cues or (cue is not None and t.head.i == cue.i):
            break
        if t.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in t.children):
            break
        new_j = t.right_edge.i + 1
    if new_j == j:
        return end
    return max(end, _char_end(doc, new_j))


def _setting_phrase(prep: Token) -> bool:
    if prep.lower_ not in SETTING_PREPS:
        return False
    objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    if not objs:
        return False
    o = objs[0]
    if o.ent_type_ in SETTING_ENTS and o.ent_type_ != "ORG":
        return True
    if o.ent_type_ == "ORG" and prep.lower_ in ("on", "to"):
        return True  # "on CNN", "on Fox News"
    return o.lower_ in SETTING_NOUNS or (o.dep_ == "pobj" and o.lemma_.lower() in SETTING_NOUNS)


def trim_setting(doc: Doc, cue: Token, start: int, end: int,
        tmap: TokenMap | None = None, rights: list[Token] | None = None) -> int:
    """The end of a content before trailing phrases hung on the cue verb that say where, when,
    through what or on what grounds the words were said ("supported Sanders [in Virginia]",
    "shared the news [on social media]", "voted against the resolution [on free speech grounds]")."""
    r = _span(doc, start, end, tmap)
    if r is None:
        return end
    i, j = r
    cut = j
    # on the verb, or on its object when the small parser hangs the phrase there ("shared [the news]
    # [on social media]"): both read the same to PolNeAR's annotators
    heads = [cue] + [c for c in (cue.rights if rights is None else rights)
                     if i <= c.i < j and c.dep_ in ("dobj", "pobj")]
    # the phrases and clauses among their dependents (a bare noun phrase, "npadvmod", is neither a
    # setting phrase nor a frame: it never cuts), in text order (the cue's own come in order)
    kids = [c for h in heads for c in (h.rights if h is not cue or rights is None else rights)
            if i < c.i < j and c.dep_ in ("prep", "advcl")]
    if len(heads) > 1:
        kids.sort(key=lambda c: c.i)
    for c in kids:
        if c.right_edge.i < j - 2 and not _tail(doc, c.right_edge.i + 1, j):
            continue  # not the tail of the content
        if c.dep_ == "prep" and _setting_phrase(c):
            cut = min(cut, c.left_edge.i)
            break
        if c.dep_ == "advcl" and RULES["frame"] and _frame(c):
            cut = min(cut, c.left_edge.i)
            break
    if cut >= j or cut <= i:
        return end
    return min(end, _char_end(doc, cut))


def _frame(clause: Token) -> bool:
    """A clause framing the act of saying ("as he faces ...", "even though ...", "while X ..."): a
    finite clause with its own subject. "described the dinner as [Washington celebrating itself]"
    and "portrayed him as [focused on ...]" are predicates of the object, not frames."""
    first = clause.left_edge
    if first.lower_ not in FRAME_MARKS or not any(c.dep_ == "mark" or c.i == first.i for c in clause.children):
        return False
    finite = clause.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ == "aux" and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in clause.children)
    return finite and any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)


# Dependents of the cue verb that, right after its object, say what the object is or does and
# belong to the content: "defended [his call] [to raise the wage]", "mentioned [Sanders] [by name]".
PREDICATE_PREPS = frozenset({"by", "for", "as", "over", "about", "against"})


def extend_predicate(doc: Doc, cue: Token, start: int, end: int,
        tmap: TokenMap | None = None, rights: list[Token] | None = None) -> int:
    """The end of an object content over the cue verb's next dependent when it predicates the
    object: an infinitive ("his call [to raise ...]") or a reason or manner phrase ("[for failing
    to ...]", "[by name]"), starting right after the content."""
    r = _span(doc, start, end, tmap)
    if r is None:
        return end
    i, j = r
    if rights is None:
        rights = list(cue.rights)
    if not any(i <= c.i < j and c.dep_ == "dobj" for c in rights):
        return end
    for c in rights:
        if c.i < j or c.left_edge.i != j:
            continue  # (a phrase's first word is at most its head: one before j cannot start at j)
        infinitive = c.dep_ in ("advcl", "xcomp") and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        reason = c.dep_ == "prep" and c.lower_ in PREDICATE_PREPS
        if infinitive or reason:
            return max(end, _char_end(doc, c.right_edge.i + 1))
    return end


def extend_reason(doc: Doc, cue: Token, start: int, end: int,
        tmap: TokenMap | None = None, rights: list[Token] | None = None) -> int:
    """The end of a content over a condition or reason clause hung on the cue verb right after it,
    with no comma between ("says he will leave the party [if Trump is nominated]")."""
    r = _span(doc, start, end, tmap)
    if r is None:
        return end
    i, j = r
    for c in (cue.rights if rights is None else rights):
        if c.i < j or c.dep_ not in ("advcl", "prep"):
            continue  # (a phrase's first word is at most its head: one before j cannot start at j)
        first = c.left_edge
        if first.i != j or first.lower_ not in REASON_MARKS:
            continue
        last = c.right_edge.i + 1
        if tmap.sent_end(j) < last if tmap is not None else any(t.is_sent_start for t in doc[j:last]):
            break
        return max(end, _char_end(doc, last))
    return end


def _tail(doc: Doc, a: int, b: int) -> bool:
    """Whether tokens [a, b) are only punctuation or more setting phrases."""
    return all(doc[k].is_punct or doc[k].is_space for k in range(a, b))


def passive_reason(doc: Doc, cue: Token, start: int, end: int) -> tuple[int, int] | None:
    """The second part of a passive evaluation's content: "[Trump] has been criticized by his rivals
    [for failing to campaign]" holds the subject and the reason, around the agent (PolNeAR
    annotates both as one discontinuous content). None when there is no such phrase."""
    if end > cue.idx or not any(c.dep_ == "nsubjpass" for c in cue.children):
        return None
    for c in cue.rights:
        if c.dep_ == "prep" and c.lower_ in ("for", "as", "over") and c.right_edge.i > c.i:
            r = _char_end(doc, c.right_edge.i + 1)
            return (c.idx, r) if r > c.idx else None
    return None


def cut_second_attribution(doc: Doc, cue: Token | None, start: int, end: int, cues: set[int],
        tmap: TokenMap | None = None) -> int:
    """The end of a content before a trailing clause that is another attribution with its own
    holder: "said they were worried about the economy[, and more than 4 in 10 said ...]", "say they
    prefer an outsider[, while about 4 in 10 want ...]", "will not be prosecuted [after prosecutors
    determined ...]". PolNeAR gives each token to one attribution: that clause is the second
    source's, and once cut off it is kept as a quote of its own."""
    r = _span(doc, start, end, tmap)
    if r is None:
        return end
    i, j = r
    inside = tmap.cues_in(i + 3, j, cues) if tmap is not None else sorted(k for k in cues if i + 2 < k < j)
    for k in inside:
        if cue is not None and k == cue.i:
            continue
        # (the tests in the order that drops most cues soonest: the subordinator before the subject)
        t = doc[k]
        b = t.left_edge.i
        # a contrast set off by a comma ("..., while 4 in 10 want ..."); "and"/"but" usually
        # continue the same source's words ("... and that she wanted to move forward")
        if b <= i + 2 or doc[b].lower_ not in CONTRAST_MARKS or t.right_edge.i < j - 2 or \
                doc[b - 1].text not in ",;\u2014\u2013":
            continue
        if t.pos_ not in ("VERB", "AUX") or not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            continue
        a = b
        while a > i and (doc[a - 1].is_punct or doc[a - 1].dep_ == "cc" or doc[a - 1].is_space):
            a -= 1
        if a > i + 1:
            return min(end, _char_end(doc, a))
    return end


def extend_shared_subject(doc: Doc, cue: Token, start: int, end: int, cues: set[int],
        tmap: TokenMap | None = None, rights: list[Token] | None = None) -> int:
    """The end of a reported clause over a verb phrase that shares its subject but that the small
    parser hung on the cue verb: "says [he's proud of his campaign and expects to leave with a
    share of the delegates]", "said [she was tired of the status quo and wanted a new candidate]".
    A conjoined verb that is itself a cue ("said X and called on Y to ...") is the speaker's next
    act, not more content."""
    r = _span(doc, start, end, tmap)
    if r is None:
        return end
    i, j = r
    if rights is None:
        rights = list(cue.rights)
    if not any(c.dep_ == "ccomp" and i <= c.i < j for c in rights) and \
            not any(c.dep_ == "ccomp" and i <= c.i < j for c in cue.lefts):
        return end
    def stops(c: Token) -> bool:
        return any(g.dep_ in ("nsubj", "nsubjpass", "csubj", "ccomp") for g in c.children)

    return _over_conjoined(doc, rights, j, end, cues, ("VERB", "AUX"), stops)


def extend_infinitives(doc: Doc, cue: Token, start: int, end: int, cues: set[int],
        tmap: TokenMap | None = None, rights: list[Token] | None = None) -> int:
    """The end of an infinitive content over more bare infinitives that the small parser hung on
    the cue verb: "wants [to triple the size of AmeriCorps, grow the Peace Corps and create a new
    reserve program]", "planned [to revitalize ticket sales, then hand over the property]". A
    conjoined verb in the base form after a finite cue can only continue the infinitive; one in the
    cue's own tense ("promised to cut taxes and won") is the speaker's next act, and a base-form cue
    ("will promise to X and do Y") leaves it open, so neither is taken. Measured on cached PolNeAR:
    train (840 articles) +1 matched, dev (84) +1, none lost."""
    if cue.tag_ == "VB":
        return end
    r = _span(doc, start, end, tmap)
    if r is None:
        return end
    i, j = r
    if rights is None:
        rights = list(cue.rights)
    if not any(c.dep_ == "xcomp" and i <= c.i < j and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
               for c in rights):
        return end
    def stops(c: Token) -> bool:
        return c.tag_ != "VB" or any(g.dep_ in ("nsubj", "nsubjpass") or (g.dep_ == "aux" and g.lower_ != "to")
                                     for g in c.children)

    return _over_conjoined(doc, rights, j, end, cues, None, stops)


def _over_conjoined(doc: Doc, rights: list[Token], j: int, end: int, cues: set[int], pos: tuple[str, ...] | None,
                    stops) -> int:
    """The content's end over the verbs conjoined to the cue after token ``j`` (of part of speech
    ``pos``, any when None, never a cue), up to the first that ``stops`` or that something other
    than punctuation, a conjunction or an adverb separates from the content."""
    new_j = j
    for c in rights:
        if c.dep_ != "conj" or c.i < new_j or c.i in cues or (pos is not None and c.pos_ not in pos):
            continue
        if stops(c):
            break
        if any(not (g.is_punct or g.is_space or g.dep_ in ("cc", "advmod")) for g in doc[new_j:c.left_edge.i]):
            break
        new_j = c.right_edge.i + 1
    if new_j == j:
        return end
    return max(end, _char_end(doc, new_j))


QUOTE_CHARS = "\"\u201c\u201d"


def within_paragraph(text: str, cue_start: int, start: int, end: int) -> tuple[int, int]:
    """A reported clause that runs over a line break (a headline, a live blog's time stamp or a
    dateline read into the sentence by the segmenter: "7:05 p.m.\n\nThe top quality voters ... are
    looking for is experience, according to ...") keeps the line next to its cue. Quoted words may
    run over paragraphs; they are left alone."""
    if text.find("\n", start, end) < 0 or any(text.find(c, start, end) >= 0 for c in QUOTE_CHARS):
        return start, end  # (find: no copy of the content's text)
    if cue_start >= end:  # the cue follows: keep the last line
        a = text.rindex("\n", start, end) + 1
        while a < end and text[a].isspace():
            a += 1
        return (a, end) if a < end else (start, end)
    if cue_start < start:  # the cue precedes: keep the first line
        b = text.index("\n", start, end)
        while b > start and text[b - 1].isspace():
            b -= 1
        return (start, b) if b > start else (start, end)
    return start, end


# Frames of an inverted cue that continues the reported sentence after it: the parser hangs "said"
# on the sentence's verb ("It was, he said, one of the bitterest failures") as one of these.
INSERTED_DEPS = frozenset({"parataxis", "ccomp", "advcl"})
# Closing and opening marks (straight, curly, doubled single) around a quotation.
ANY_QUOTE = "\"\u201c\u201d'\u2019\u2018"


def inverted_rest(cue: Token, start: int, end: int, text: str) -> tuple[int, int] | None:
    """The second part of an inverted content whose cue sits inside the reported sentence: "[It
    was], he said, [one of the bitterest failures of his presidency]", "[The hashtag], Mr. Abboud
    said, [accompanied descriptions of ...]". The inverted frame reads the clause before the cue;
    PolNeAR's content is the whole sentence around it, in two fragments. Only when the sentence's
    verb, on which the parser hung the cue, has words after the cue's own phrase, set off from it by
    a comma. A quotation before the cue is left alone: what follows its "he said," is the writer's
    ("'Too much hate,' he said, shaking his head"). Measured on cached PolNeAR train (840
    articles): 7 contents matched that did not, 0 lost. None when there is no such part."""
    head = cue.head
    if cue.dep_ not in INSERTED_DEPS or head.i >= cue.i:
        return None
    if any(q in text[max(0, start - 2):start] + text[end:end + 2] for q in ANY_QUOTE) or \
            any(q in text[start:end] for q in QUOTE_CHARS):
        return None
    doc = cue.doc
    r = cue.right_edge.i  # the cue's phrase ends with its comma, or the comma follows it
    if doc[r].text == ",":
        a = r + 1
    elif r + 1 < len(doc) and doc[r + 1].text == ",":
        a = r + 2
    else:
        return None
    return _words(doc, a, head.right_edge.i + 1)


def _words(doc: Doc, a: int, b: int) -> tuple[int, int] | None:
    """Character span of tokens [a, b) without leading and trailing punctuation; None under two
    tokens (as the frames' shortest content, trims.MIN_CONTENT_TOKENS)."""
    while a < b and (doc[a].is_punct or doc[a].is_space):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space):
        b -= 1
    if b - a < 2:
        return None
    last = doc[b - 1]
    return doc[a].idx, last.idx + len(last)


def according_rest(phrase: Token, start: int, end: int) -> tuple[int, int] | None:
    """The second part of a content around an "according to X" set off by commas inside its
    sentence: "[The implication], according to the aide, [is that ...]", "[Since last November],
    according to Human Rights Watch, [security forces have killed ...]". The phrase frame reads the
    words before the phrase; when the verb the phrase hangs on comes after it, the sentence goes on
    and PolNeAR's content is both parts. Measured on cached PolNeAR train (840 articles): 10
    contents matched that did not, 2 lost (-> +8); dev (84) unchanged. None when the content is not
    before the phrase or nothing of its verb follows."""
    doc = phrase.doc
    after = max(phrase.right_edge.i, phrase.i + 1) + 1  # the token after "according to X"
    if end > phrase.idx or after >= len(doc):
        return None
    if doc[after].text != "," and doc[after - 1].text != ",":
        return None
    head = phrase.head
    if head.i < after:  # "[Trump leads], according to the poll": the verb is before the phrase
        return None
    return _words(doc, after, head.right_edge.i + 1)


def cut_according(doc: Doc, start: int, end: int, cues: set[int],
        tmap: TokenMap | None = None) -> int:
    """The end of a content before a trailing ", according to X" (the writer's source for the
    whole sentence: "most say they want lower prices[, according to the survey]")."""
    r = _span(doc, start, end, tmap)
    if r is None:
        return end
    i, j = r
    inside = tmap.cues_in(i + 2, j - 1, cues) if tmap is not None else [k for k in range(i + 2, j - 1) if k in cues]
    for k in inside:
        t = doc[k]
        if t.lower_ == "according" and doc[k + 1].lower_ == "to" and doc[k - 1].text == ",":
            return min(end, _char_end(doc, k - 1))
    return end


# The cue's right-hand relations each rule needs one of (``trim_setting``: a phrase or clause on the
# verb or on its object; ``extend_reason``: the condition clause or phrase).
_SETTING_DEPS = frozenset({"prep", "advcl", "dobj", "pobj"})
_REASON_DEPS = frozenset({"advcl", "prep"})
_NO_DEPS: frozenset[str] = frozenset()


def refine(doc: Doc, cue: Token | None, start: int, end: int, cues: set[int],
           text: str | None = None, tmap: TokenMap | None = None) -> tuple[int, int]:
    """A content's boundaries after the rules above; the same span when none applies. ``tmap``:
    the document's character-to-token map (built here when not given)."""
    if tmap is None:
        tmap = TokenMap(doc, cues)
    rights = list(cue.rights) if cue is not None else None  # walked by four rules: made once
    # the relations on the cue's right: a rule that needs one the cue lacks would leave the end as it
    # is, so it is not called (the same spans; most contents meet two or three of the six rules)
    deps = {c.dep_ for c in rights} if rights is not None else _NO_DEPS
    if RULES["paragraph"] and cue is not None:
        # the caller's text: Doc.text joins every token afresh on each call
        start, end = within_paragraph(doc.text if text is None else text, cue.idx, start, end)
    if RULES["setting"] and cue is not None and not deps.isdisjoint(_SETTING_DEPS):
        end = trim_setting(doc, cue, start, end, tmap, rights)
    if RULES["second"]:
        r = tmap.span(start, end)  # both rules look only at other cues inside the content
        if r is not None and tmap.has_cue(r[0] + 2, r[1], cues):
            end = cut_second_attribution(doc, cue, start, end, cues, tmap)
            end = cut_according(doc, start, end, cues, tmap)
    if RULES["shared"] and cue is not None and "conj" in deps:
        end = extend_shared_subject(doc, cue, start, end, cues, tmap, rights)
    if RULES["predicate"] and cue is not None and "dobj" in deps:
        end = extend_predicate(doc, cue, start, end, tmap, rights)
    if RULES["reason"] and cue is not None and not deps.isdisjoint(_REASON_DEPS):
        end = extend_reason(doc, cue, start, end, tmap, rights)
    if RULES["conjuncts"]:
        end = extend_conjuncts(doc, cue, start, end, cues, tmap)
    if RULES["infinitive"] and cue is not None and "xcomp" in deps and "conj" in deps:
        end = extend_infinitives(doc, cue, start, end, cues, tmap, rights)
    return start, end
