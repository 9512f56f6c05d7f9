"""html_to_text: HTML mail bodies as the paragraphs a reader sees."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings, strategies as st

from inbox.mail.html_text import html_to_text


def test_paragraphs_are_separated_by_blank_lines_and_br_is_a_line_break():
    assert html_to_text("<p>First  paragraph</p><p>Second<br>line</p>") == \
        "First paragraph\n\nSecond\nline"


def test_divs_are_lines_as_gmail_writes_them():
    assert html_to_text("<div>Line 1</div><div><br></div><div>Line 2</div>") == "Line 1\n\nLine 2"


def test_entities_are_decoded():
    assert html_to_text("<p>Fish &amp; chips &pound;5 &#8212; &eacute;t&eacute;&nbsp;!</p>") == \
        "Fish & chips £5 — été !"


def test_script_style_head_and_title_are_dropped():
    markup = ("<html><head><title>Title</title><style>p { color: red }</style>"
              "<script>document.write('x')</script></head><body><p>Body</p>"
              "<noscript>no</noscript><SCRIPT type=x>alert(1)</SCRIPT></body></html>")
    assert html_to_text(markup) == "Body"


def test_office_markup_and_conditional_comments_are_dropped():
    markup = ('<!--[if gte mso 9]><xml><o:shapedefaults v:ext="edit"/></xml><![endif]-->'
              '<p class=MsoNormal><span style="mso-fareast-language:EN-US">Allo!<o:p></o:p></span></p>'
              '<p class=MsoNormal><o:p>&nbsp;</o:p></p><![if !supportLists]>1.<![endif]> item')
    assert html_to_text(markup) == "Allo!\n\n1. item"


def test_lists_become_lines():
    assert html_to_text("<ul><li>one</li><li>two</li></ul><ol><li>a</li><li>b</li></ol>") == \
        "- one\n- two\n\n1. a\n2. b"


def test_links_keep_their_text_and_add_the_url_only_when_it_says_more():
    markup = ('<a href="https://example.org/report">the report</a>, '
              '<a href="https://example.org">https://example.org</a>, '
              '<a href="mailto:ed@example.org">the editor</a>, <a href="javascript:x()">click</a>')
    assert html_to_text(markup) == \
        "the report (https://example.org/report), https://example.org, the editor, click"


def test_blockquotes_are_quoted_like_plain_text():
    markup = "<p>Agreed.</p><div>On Mon, Ann wrote:<blockquote>Original<br>text</blockquote></div>"
    assert html_to_text(markup) == "Agreed.\n\nOn Mon, Ann wrote:\n\n> Original\n> text"


def test_pre_keeps_its_whitespace():
    assert html_to_text("<pre>  a\n    b</pre>") == "  a\n    b"


def test_table_cells_are_spaced_and_rows_are_lines():
    assert html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>") == "a b\nc"


def test_broken_markup_keeps_its_text():
    assert html_to_text("x < y and 3>2 <b>bold <i>unclosed") == "x < y and 3>2 bold unclosed"
    assert html_to_text("<p>text <a href=") == "text"
    assert html_to_text("before <!-- never closed") == "before"


@pytest.mark.parametrize("markup", [
    "<!--" * 100_000, "<a " * 100_000, '<a b="' * 100_000, "</" * 100_000, "<?" * 100_000,
    "<x" * 100_000, "<div>" * 200_000, "<blockquote>" * 100_000 + "x", "<ul><li>" * 50_000,
    "<script>" * 100_000, '<a href="https://x.org">y</a>' * 50_000,
])
def test_hostile_markup_takes_linear_time(markup):
    started = time.perf_counter()
    html_to_text(markup)
    assert time.perf_counter() - started < 3.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<br>", "&amp;", "<!--", "-->", "<script>", "<a href='",
                                 "https://x", "'>", "</a>", "<", ">", "/", "\"", "text", " ", "\n",
                                 "<pre>", "<blockquote>", "<li>", "&#", "&#x110000;"]),
                max_size=60).map("".join))
def test_never_raises_on_any_markup(markup):
    text = html_to_text(markup)
    assert isinstance(text, str) and text == text.strip("\n")
