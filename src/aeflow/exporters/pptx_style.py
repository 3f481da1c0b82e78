"""The deck's look: one theme, CJK-safe fonts on every run, page numbers, and the user's template.

Chinese never renders as boxes because every run names an East Asian typeface (``<a:ea>``) next to
its Latin one, and the theme's own major/minor fonts get one too, so text a user adds later is safe
as well. With a template the deck uses the template's slide size, masters and title styling and
only adds content; without one it draws its own clean theme on the default masters.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationT
from pptx.slide import Slide, SlideLayout
from pptx.text.text import TextFrame, _Run
from pptx.util import Emu, Inches, Pt

from aeflow.errors import ExportFailed
from aeflow.i18n import _

LATIN_FONT = "Arial"
EA_FONT = "Microsoft YaHei"
"""East Asian typeface named on every run; viewers without it substitute a CJK font (Noto CJK …)."""

NAVY = RGBColor(0x1F, 0x3A, 0x5F)
TEAL = RGBColor(0x2A, 0x9D, 0x8F)
AMBER = RGBColor(0xE9, 0xA2, 0x3B)
RED = RGBColor(0xD1, 0x49, 0x5B)
GREEN = RGBColor(0x6A, 0xB1, 0x87)
GREY = RGBColor(0x8A, 0x94, 0xA6)
LIGHT = RGBColor(0xF3, 0xF5, 0xF8)
LINE = RGBColor(0xD5, 0xDB, 0xE3)
INK = RGBColor(0x22, 0x2B, 0x36)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)


@dataclass
class Deck:
    """A presentation being built, with the layouts and content area it draws into."""

    prs: PresentationT
    title_layout: SlideLayout
    content_layout: SlideLayout
    own_theme: bool

    @property
    def width(self) -> int:
        return int(self.prs.slide_width or Inches(13.333))

    @property
    def height(self) -> int:
        return int(self.prs.slide_height or Inches(7.5))

    @property
    def margin(self) -> int:
        return int(self.width * 0.045)

    @property
    def top(self) -> int:
        """Where content starts: below the title."""
        return int(self.height * 0.19)

    @property
    def bottom(self) -> int:
        return int(self.height * 0.91)

    @property
    def inner_width(self) -> int:
        return self.width - 2 * self.margin


def _set_run_fonts(rpr: etree._Element, latin: str = LATIN_FONT, ea: str = EA_FONT) -> None:
    """Set ``<a:latin>`` and ``<a:ea>`` on a run-properties element, in the schema's order."""
    for tag in ("a:latin", "a:ea", "a:cs"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    successors = [qn(t) for t in ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")]
    anchor = next((child for child in rpr if child.tag in successors), None)
    for tag, face in (("a:latin", latin), ("a:ea", ea), ("a:cs", latin)):
        el = etree.SubElement(rpr, qn(tag))
        el.set("typeface", face)
        if anchor is not None:
            anchor.addprevious(el)


def style_run(run: _Run, *, size: float = 14, bold: bool = False, color: RGBColor | None = INK,
              lang: str = "zh-CN") -> None:
    font = run.font
    font.size = Pt(size)
    font.bold = bold
    if color is not None:
        font.color.rgb = color
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", lang)
    rpr.set("altLang", "en-US")
    _set_run_fonts(rpr)


def write(frame: TextFrame, lines: list[str] | str, *, size: float = 14, bold: bool = False,
          color: RGBColor | None = INK, align: PP_ALIGN | None = None, bullet: bool = False,
          anchor: MSO_ANCHOR | None = None) -> None:
    """Replace a text frame's text with ``lines`` (one paragraph each), every run CJK-safe."""
    items = [lines] if isinstance(lines, str) else list(lines) or [""]
    frame.word_wrap = True
    if anchor is not None:
        frame.vertical_anchor = anchor
    for i, line in enumerate(items):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if i == 0:
            for r in list(para.runs):
                r._r.getparent().remove(r._r)
        run = para.add_run()
        run.text = ("• " if bullet else "") + line
        style_run(run, size=size, bold=bold, color=color)
        if align is not None:
            para.alignment = align
        if bullet:
            para.space_after = Pt(4)


def textbox(slide: Slide, left: int, top: int, width: int, height: int, lines: list[str] | str,
            **kw: object) -> None:
    box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
    box.text_frame.margin_left = box.text_frame.margin_right = Emu(Inches(0.05))
    write(box.text_frame, lines, **kw)  # type: ignore[arg-type]


def page_number(deck: Deck, slide: Slide) -> None:
    """A slide-number field (it renumbers itself when slides move) at the bottom right."""
    w, h = int(Inches(0.9)), int(Inches(0.35))
    box = slide.shapes.add_textbox(Emu(deck.width - deck.margin - w), Emu(deck.height - h - Inches(0.15)),
                                   Emu(w), Emu(h))
    para = box.text_frame.paragraphs[0]
    para.alignment = PP_ALIGN.RIGHT
    number = len(deck.prs.slides)
    fld = etree.SubElement(para._p, qn("a:fld"))
    fld.set("id", "{" + str(uuid.uuid5(uuid.NAMESPACE_OID, f"slide-{number}")).upper() + "}")
    fld.set("type", "slidenum")
    rpr = etree.SubElement(fld, qn("a:rPr"))
    rpr.set("lang", "zh-CN")
    rpr.set("sz", "1000")
    fill = etree.SubElement(etree.SubElement(rpr, qn("a:solidFill")), qn("a:srgbClr"))
    fill.set("val", str(GREY))
    _set_run_fonts(rpr)
    etree.SubElement(fld, qn("a:t")).text = str(number)
    end = para._p.find(qn("a:endParaRPr"))
    if end is not None:
        para._p.remove(end)


def _theme_fonts(prs: PresentationT) -> None:
    """Give the theme's major and minor fonts an East Asian typeface where they have none."""
    master = prs.slide_masters[0]
    for rel in master.part.rels.values():
        if rel.reltype.endswith("/theme"):
            part = rel.target_part
            root = etree.fromstring(part.blob)
            for ea in root.iter(qn("a:ea")):
                if not ea.get("typeface"):
                    ea.set("typeface", EA_FONT)
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _layout(prs: PresentationT, names: tuple[str, ...], want_body: bool) -> SlideLayout:
    layouts = list(prs.slide_layouts)
    for layout in layouts:
        if layout.name.strip().lower() in names:
            return layout

    def score(layout: SlideLayout) -> tuple[int, int]:
        kinds = [ph.placeholder_format.type for ph in layout.placeholders]
        has_title = any(str(k).startswith(("TITLE", "CENTER_TITLE")) for k in kinds)
        return (0 if has_title else 1, abs(len(kinds) - (2 if want_body else 1)))

    return min(layouts, key=score)


def _drop_slides(prs: PresentationT) -> None:
    """A template's own example slides are removed; its masters and layouts stay."""
    ids = prs.slides._sldIdLst
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)


def new_deck(template: bytes | None) -> Deck:
    if template is None:
        prs = Presentation()
        prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
        own = True
    else:
        try:
            prs = Presentation(io.BytesIO(template))
        except Exception as exc:  # python-pptx raises several kinds for a file that is not a deck
            raise ExportFailed(_("the template is not a PowerPoint file (.pptx): {reason}", reason=str(exc)),
                               hint=_("save the template as .pptx (not .potx or .ppt) and try again")) from None
        _drop_slides(prs)
        own = False
    _theme_fonts(prs)
    title = _layout(prs, ("title slide", "标题幻灯片"), want_body=True)
    content = _layout(prs, ("title only", "仅标题"), want_body=False)
    return Deck(prs, title, content, own)


def new_slide(deck: Deck, heading: str, *, subtitle: str = "") -> Slide:
    """A content slide with its title set (restyled in the built-in theme) and a page number."""
    slide = deck.prs.slides.add_slide(deck.content_layout)
    title = slide.shapes.title
    if title is not None:
        if deck.own_theme:
            title.left, title.top = Emu(deck.margin), Emu(int(deck.height * 0.05))
            title.width, title.height = Emu(deck.inner_width), Emu(int(deck.height * 0.1))
            write(title.text_frame, heading, size=26, bold=True, color=NAVY, anchor=MSO_ANCHOR.MIDDLE,
                  align=PP_ALIGN.LEFT)
        else:
            write(title.text_frame, heading, size=26, bold=True, color=None)
    else:
        textbox(slide, deck.margin, int(deck.height * 0.05), deck.inner_width, int(deck.height * 0.1), heading,
                size=26, bold=True, color=NAVY)
    if deck.own_theme:
        bar = slide.shapes.add_shape(1, Emu(deck.margin), Emu(int(deck.height * 0.155)), Emu(Inches(1.2)),
                                     Emu(Inches(0.06)))
        bar.fill.solid()
        bar.fill.fore_color.rgb = TEAL
        bar.line.fill.background()
    if subtitle:
        textbox(slide, deck.margin + int(Inches(1.4)), int(deck.height * 0.13), deck.inner_width - int(Inches(1.4)),
                int(Inches(0.4)), subtitle, size=12, color=GREY, align=PP_ALIGN.RIGHT)
    page_number(deck, slide)
    return slide


def save(deck: Deck) -> bytes:
    out = io.BytesIO()
    deck.prs.save(out)
    return out.getvalue()
