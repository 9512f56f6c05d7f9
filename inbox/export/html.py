"""HTML: one standalone page with a print stylesheet, for proofreading or printing.

Every piece of text goes through ``html.escape``; nothing from a letter becomes an attribute,
a URL or markup. The page carries its own Content-Security-Policy (no scripts, no requests, only
its inline style), so it stays inert even when opened from disk in a browser.
"""
from __future__ import annotations

from html import escape

from inbox.export.prepare import Group, editor_note, paragraphs, quotation

CSP = "default-src 'none'; style-src 'unsafe-inline'"

_STYLE = """
body { font-family: Georgia, "Times New Roman", serif; max-width: 40em; margin: 2em auto;
       padding: 0 1em; line-height: 1.5; color: #111; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #999; margin-top: 2em; }
h3 { font-size: 1.1em; margin-bottom: 0.3em; }
.letter { margin: 1.5em 0; }
.signoff { font-weight: bold; font-style: italic; }
blockquote { margin: 0.5em 0 0.5em 1.5em; padding-left: 0.8em; border-left: 3px solid #999;
             font-style: italic; }
.editor-note { margin-top: 3em; padding: 0.5em 1em; border: 2px dashed #999; font-family: sans-serif; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  .letter { break-inside: avoid; page-break-inside: avoid; }
  @page { margin: 2cm; }
}
"""


def _text(value: str) -> str:
    return escape(value, quote=True)


def _paragraph(para: str) -> str:
    quoted = quotation(para)
    if quoted is not None:
        return "<blockquote>" + _paragraph(quoted) + "</blockquote>"
    return "<p>" + "<br>\n".join(_text(line) for line in para.split("\n")) + "</p>"


def render_html(groups: list[Group], title: str) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{_text(title)}</h1>",
    ]
    if not groups:
        out.append('<p class="empty">There are no letters to export.</p>')
    for group in groups:
        out.append('<section class="article">')
        out.append(f"<h2>{_text(group.heading)}</h2>")
        for item in group.letters:
            out.append('<article class="letter">')
            if item.public_headline:
                out.append(f"<h3>{_text(item.public_headline)}</h3>")
            out.extend(_paragraph(p) for p in paragraphs(item.public_text))
            if item.signoff:
                out.append(f'<p class="signoff">{_text(item.signoff)}</p>')
            out.append("</article>")
        out.append("</section>")
    if note := editor_note(groups):
        out += ['<aside class="editor-note">', "<h2>Editor’s note, not for publication: also received</h2>",
                "<ul>", *(f"<li>{_text(line)}</li>" for line in note), "</ul>", "</aside>"]
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
