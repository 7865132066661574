"""A demo without a kernel: precomputed SVG frames behind a plain HTML range slider, and a
strip of a few of them as one SVG picture for print.

:class:`StaticFrames` is what :meth:`dlcalc.widgets._base.Demo.static` returns. Its MIME bundle
has ``text/html`` (every frame as an ``<img>`` with its alt text, one shown at a time by the
slider's inline handler: no ``<script>``, nothing from the network), ``image/svg+xml`` (a
standalone SVG document: up to four frames in a two-column grid, each labelled with its
slider value, with ``<title>`` and ``<desc>`` carrying the alt text) and ``text/plain`` (a
one-line description).
"""

import base64
import html
import itertools
import re

import numpy as np

_ids = itertools.count()
_SVG_OPEN = re.compile(r'<svg\b[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"[^>]*>')

# The slider shows frame ``this.value`` and hides the others. Arrow keys move it: the keydown
# stops here and ``data-lm-suppress-shortcuts`` tells JupyterLab (Lumino) not to treat the
# keys as notebook shortcuts (command mode's arrow keys would otherwise move between cells).
_ONINPUT = (
    "var r=this.closest('.dlcalc-static');"
    "r.querySelectorAll('img.dlcalc-frame').forEach(function(im){"
    "im.hidden=(im.dataset.frame!=this.value);},this);"
    "r.querySelector('.dlcalc-value').textContent="
    "this.dataset.labels.split('|')[this.value];"
)
_ONKEYDOWN = "event.stopPropagation();"


def svg_img(svg, alt, hidden=False, attrs=""):
    """Return an ``<img>`` tag showing the SVG document ``svg`` (a data URI) with alt text."""
    if not (isinstance(svg, str) and svg.lstrip().startswith("<svg")):
        raise ValueError("svg must be an SVG document (a str starting with '<svg')")
    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<img src="{src}" alt="{html.escape(str(alt), quote=True)}" '
            f'style="max-width:100%;height:auto"{attrs}{" hidden" if hidden else ""}>')


def fmt_value(v):
    """Format a control value for a label: floats to 4 significant digits."""
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


class StaticFrames:
    """Self-contained HTML: precomputed SVG frames and a range slider that needs no kernel.

    ``values[i]`` is the main control's value of frame ``i``, ``svgs[i]`` its SVG document and
    ``alts[i]`` its alt text; frame ``start`` is shown first. Displayed, it offers
    ``text/html`` (the frames and the slider), ``image/svg+xml`` (:meth:`to_svg_strip`) and
    ``text/plain`` (:meth:`summary`).
    """

    def __init__(self, title, label, values, svgs, alts, start=0):
        if not (len(values) == len(svgs) == len(alts)) or not svgs:
            raise ValueError("values, svgs and alts must be non-empty and of equal length")
        if not 0 <= int(start) < len(svgs):
            raise ValueError(f"start must index a frame (0..{len(svgs) - 1}), got {start!r}")
        for svg in svgs:
            if not (isinstance(svg, str) and _SVG_OPEN.match(svg.lstrip())):
                raise ValueError("svgs must be SVG documents with width and height")
        self.title, self.label = title, label
        self.values, self.svgs, self.alts = list(values), list(svgs), list(alts)
        self.start = int(start)

    def summary(self):
        """Return a short plain-text description: the title, what the frames step through and
        the alt text of the first frame shown."""
        return (f"{self.title} (interactive demo; {len(self.svgs)} precomputed frames over "
                f"{self.label}). {self.alts[self.start]}")

    def _repr_html_(self):
        uid = f"dlcalc-static-{next(_ids)}"
        imgs = []
        for i, (svg, alt) in enumerate(zip(self.svgs, self.alts, strict=True)):
            imgs.append(svg_img(svg, alt, hidden=i != self.start,
                                attrs=f' class="dlcalc-frame" data-frame="{i}"'))
        labels = [html.escape(fmt_value(v), quote=True) for v in self.values]
        return (
            f'<div class="dlcalc-static" id="{uid}" data-lm-suppress-shortcuts="true" '
            f'style="border:1px solid #8884;padding:0.5em;border-radius:6px">'
            f'<div><strong>{html.escape(self.title)}</strong> '
            f"<em>(static view: frames precomputed, no kernel needed)</em></div>"
            f'<label>{html.escape(self.label)} = <span class="dlcalc-value">'
            f"{labels[self.start]}</span><br>"
            f'<input type="range" class="dlcalc-slider" min="0" max="{len(self.svgs) - 1}" '
            f'step="1" value="{self.start}" data-labels="{"|".join(labels)}" '
            f'aria-label="{html.escape(self.label, quote=True)}" '
            f'data-lm-suppress-shortcuts="true" oninput="{_ONINPUT}" '
            f'onkeydown="{_ONKEYDOWN}" style="width:100%"></label>'
            + "".join(imgs)
            + "</div>"
        )

    def strip_frames(self, count=4):
        """Return the indices of the frames the print picture shows: ``count`` (at most)
        spread evenly from the first frame to the last."""
        n = len(self.svgs)
        return sorted({int(i) for i in np.round(np.linspace(0, n - 1, min(count, n)))})

    def to_svg_strip(self, count=4, columns=2):
        """Return one standalone SVG document for print: the frames of :meth:`strip_frames`
        in a grid of ``columns``, each under a line "label = value" and with its alt text as
        its ``<title>``; the document's ``<title>`` is the demo's title and its ``<desc>``
        says what the frames show."""
        picks = self.strip_frames(count)
        cols = min(columns, len(picks))
        sizes = [tuple(float(v) for v in _SVG_OPEN.match(self.svgs[i].lstrip()).groups())
                 for i in picks]
        cw, ch = max(w for w, _ in sizes), max(h for _, h in sizes)
        head = 22.0
        rows = -(-len(picks) // cols)
        W, H = cw * cols, (ch + head) * rows
        desc = " ".join(f"{self.label} = {fmt_value(self.values[i])}: {self.alts[i]}"
                        for i in picks)
        esc = html.escape
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W:g}" height="{H:g}" '
               f'viewBox="0 0 {W:g} {H:g}" role="img" '
               f'font-family="DejaVu Sans, Verdana, Arial, sans-serif">',
               f"<title>{esc(self.title)}</title>",
               f"<desc>{esc(f'Frames of an interactive demo ({self.label} varies). ' + desc)}"
               "</desc>",
               f'<rect width="{W:g}" height="{H:g}" fill="#ffffff"/>']
        for k, i in enumerate(picks):
            x, y = (k % cols) * cw, (k // cols) * (ch + head)
            out.append(f'<text x="{x + cw / 2:g}" y="{y + 16:g}" font-size="14" '
                       f'text-anchor="middle">{esc(self.label)} = '
                       f"{esc(fmt_value(self.values[i]))}</text>")
            frame = self.svgs[i].lstrip()
            body = frame[len("<svg"):]
            tag_end = body.index(">") + 1
            out.append(f'<svg x="{x:g}" y="{y + head:g}"' + body[:tag_end]
                       + f"<title>{esc(self.alts[i])}</title>" + body[tag_end:])
        out.append("</svg>")
        return "".join(out)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": self.summary(), "text/html": self._repr_html_(),
                  "image/svg+xml": self.to_svg_strip()}
        return filtered(bundle, include, exclude)


def filtered(bundle, include, exclude):
    """Return the MIME bundle keeping the types in ``include`` (all if empty) and not in
    ``exclude``, as IPython asks of ``_repr_mimebundle_``."""
    if include:
        bundle = {k: v for k, v in bundle.items() if k in include}
    if exclude:
        bundle = {k: v for k, v in bundle.items() if k not in exclude}
    return bundle
