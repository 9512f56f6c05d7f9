"""The publication diff: paragraphs first, words only inside changed paragraphs; the same
segments as a plain word diff would show for ordinary edits; exact, and bounded on hostile text
(issue 13: a letter of "x y x y ..." made difflib take 10 s per letter view)."""
from __future__ import annotations

import random

from hypothesis import given, strategies as st

from inbox.desk.textdiff import MAX_MATCH_WORK, has_changes, same_words, word_diff


def _rebuilt(segments, side):
    keep = {"same", side}
    return "".join(s.text for s in segments if s.op in keep)


def _letter(words: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    vocab = ["the", "a", "of", "Taiwan", "and", "deterrence", "Strait", "to", "is", "war", "cheaper", "than"]
    paras, left = [], words
    while left > 0:
        sentences = []
        for _ in range(rng.randint(2, 6)):
            n = rng.randint(6, 25)
            sentences.append(" ".join(rng.choice(vocab) for _ in range(n)).capitalize() + ".")
            left -= n
        paras.append(" ".join(sentences))
    return "\n\n".join(paras)


def test_segments_rebuild_both_texts():
    original = "Sir,\n\nThe visit achieved little.\n\nIt was long.\n\nJane Doe\nYork"
    edited = "Sir,\n\nThe visit achieved nothing at all.\n\nJane Doe\nYork"
    segs = word_diff(original, edited)
    assert _rebuilt(segs, "ins") == edited
    assert _rebuilt(segs, "del") == original
    changed = [(s.op, s.text.strip()) for s in segs if s.op != "same" and s.text.strip()]
    assert {"little.", "It", "was", "long."} <= set(" ".join(t for op, t in changed if op == "del").split())
    assert " ".join(t for op, t in changed if op == "ins") == "nothing at all."
    assert not any("visit" in text for _, text in changed)      # unchanged words stay "same"


def test_an_edit_in_a_long_letter_marks_only_that_edit():
    original = _letter(20_000)
    paras = original.split("\n\n")
    assert " war " in paras[10]
    paras[10] = paras[10].replace(" war ", " peace ", 1)
    paras.insert(50, "A new paragraph by the editor.")
    edited = "\n\n".join(paras[:-1])          # and the last paragraph cut
    segs = word_diff(original, edited)
    assert _rebuilt(segs, "ins") == edited
    ins = [s.text.strip() for s in segs if s.op == "ins" and s.text.strip()]
    assert ins == ["peace", "A new paragraph by the editor."]
    dels = [s.text.strip() for s in segs if s.op == "del" and s.text.strip()]
    assert dels[0] == "war" and dels[1] == original.split("\n\n")[-1]


def test_one_huge_paragraph_edited_at_both_ends_is_trimmed_not_quadratic():
    words = _letter(20_000).replace("\n\n", " ")
    edited = "Frankly, " + words + " Indeed."
    segs = word_diff(words, edited)
    assert [s.text.strip() for s in segs if s.op == "ins" and s.text.strip()] == ["Frankly,", "Indeed."]


def test_a_block_rewritten_beyond_the_limit_is_shown_whole():
    original = " ".join(["alpha"] * (int(MAX_MATCH_WORK ** 0.5) + 10))
    edited = " ".join(["beta"] * (int(MAX_MATCH_WORK ** 0.5) + 10))
    segs = word_diff(original, edited)
    assert [s.op for s in segs] == ["del", "ins"] and has_changes(segs)


def test_same_words_ignores_whitespace_only():
    assert same_words("Sir,\r\n\r\nOne two\r\nthree.", "Sir,\n\nOne two three.")
    assert same_words(None, "")
    assert not same_words("one two", "one three")


def sides(segments) -> tuple[str, str]:
    before = "".join(s.text for s in segments if s.op in ("same", "del"))
    after = "".join(s.text for s in segments if s.op in ("same", "ins"))
    return before, after


@given(st.text(alphabet="ab \n", max_size=200), st.text(alphabet="ab \n", max_size=200))
def test_the_diff_rebuilds_both_texts(original, edited):
    before, after = sides(word_diff(original, edited))
    assert after == edited
    assert before.split() == original.split()


def test_a_long_repetitive_letter_is_diffed_in_bounded_time():
    original = "x y " * 20_000
    assert [s.op for s in word_diff(original, original)] == ["same"]       # unedited: one segment
    # An edit in the middle: the common start and end are matched directly, only the edit differs.
    edited = original[:40_000] + "EDIT " + original[40_000:]
    assert [(s.op, s.text) for s in word_diff(original, edited) if s.op != "same"] == [("ins", "EDIT ")]
    # Edits at both ends leave a middle of 40,000 tokens a side, far past MAX_MATCH_WORK: it is
    # shown deleted and inserted whole instead of being matched word by word.
    edited = "A " + original[2:-2] + "B "
    assert len(original.split()) ** 2 > MAX_MATCH_WORK
    segments = word_diff(original, edited)
    assert sides(segments) == (original, edited)
    assert len(segments) <= 3 and {"del", "ins"} <= {s.op for s in segments}
