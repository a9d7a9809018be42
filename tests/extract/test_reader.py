"""The accepted-view reader on small documents built from raw XML."""
from __future__ import annotations

from sharepoint_sync.extract.api import read_view
from sharepoint_sync.extract.blocks import Paragraph, Table

from tests.extract.docx_factory import make_docx, part_xml


def paragraphs(blocks) -> list[Paragraph]:
    return [b for b in blocks if isinstance(b, Paragraph)]


def body_texts(data: bytes) -> list[str]:
    return [p.text for p in paragraphs(read_view(data).body)]


def r(text: str, props: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{props}</w:rPr>" if props else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def p(*runs: str, props: str = "") -> str:
    return f'<w:p>{f"<w:pPr>{props}</w:pPr>" if props else ""}{"".join(runs)}</w:p>'


def test_tracked_insertions_are_read_and_deletions_skipped() -> None:
    """w:ins text is part of the accepted view; w:del/w:delText are not."""
    body = p(r("Barren "), '<w:ins w:id="1" w:author="a">' + r("County") + "</w:ins>",
             '<w:del w:id="2" w:author="a"><w:r><w:delText>Independent</w:delText></w:r></w:del>')
    assert body_texts(make_docx(body)) == ["Barren County"]


def test_moves_read_once_at_their_destination() -> None:
    """w:moveTo is read, w:moveFrom is skipped."""
    body = (p('<w:moveFrom w:id="1" w:author="a">' + r("Moved text") + "</w:moveFrom>")
            + p(r("Stays. "), '<w:moveTo w:id="2" w:author="a">' + r("Moved text") + "</w:moveTo>"))
    assert body_texts(make_docx(body)) == ["", "Stays. Moved text"]


def test_deleted_paragraph_mark_joins_the_next_paragraph() -> None:
    """A paragraph whose mark was deleted runs on into the next one, as after Accept All."""
    body = p(r("First half, "), props='<w:rPr><w:del w:id="3" w:author="a"/></w:rPr>') + p(r("second half."))
    assert body_texts(make_docx(body)) == ["First half, second half."]


def test_content_controls_carry_their_tag_and_placeholder_state() -> None:
    """Run-level w:sdt text keeps the tag (or alias) and the showingPlcHdr flag."""
    body = p(r("District: "),
             '<w:sdt><w:sdtPr><w:tag w:val="district"/></w:sdtPr><w:sdtContent>' + r("Adair County") + "</w:sdtContent></w:sdt>",
             '<w:sdt><w:sdtPr><w:alias w:val="Title"/><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
             + r("Click or tap here to enter text.") + "</w:sdtContent></w:sdt>")
    runs = paragraphs(read_view(make_docx(body)).body)[0].runs
    assert [(x.text, x.field_tag, x.placeholder) for x in runs] == [
        ("District: ", None, False), ("Adair County", "district", False),
        ("Click or tap here to enter text.", "Title", True)]


def test_block_and_cell_level_content_controls_are_descended() -> None:
    """Paragraphs inside block-level and cell-level sdts are read with the control's tag."""
    cell_sdt = ('<w:tbl><w:tr><w:sdt><w:sdtPr><w:tag w:val="name"/></w:sdtPr><w:sdtContent><w:tc>'
                + p(r("Ada Lovelace")) + "</w:tc></w:sdtContent></w:sdt></w:tr></w:tbl>")
    body = '<w:sdt><w:sdtPr><w:tag w:val="intro"/></w:sdtPr><w:sdtContent>' + p(r("Hello")) + "</w:sdtContent></w:sdt>" + cell_sdt
    view = read_view(make_docx(body))
    assert view.body[0].runs[0].field_tag == "intro"
    cell = view.body[1].rows[0][0]
    assert (cell.text, cell.blocks[0].runs[0].field_tag) == ("Ada Lovelace", "name")


def test_checkbox_content_controls_become_ballot_box_glyphs() -> None:
    """w14:checkbox shows its checked state as ☒/☐, without repeating the glyph inside."""
    def box(checked: str) -> str:
        return ('<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="' + checked + '"/></w14:checkbox></w:sdtPr>'
                '<w:sdtContent>' + r("\u2610") + "</w:sdtContent></w:sdt>")
    body = p(box("1"), r(" Portrait of a Learner")) + p(box("0"), r(" Deeper Learning"))
    assert body_texts(make_docx(body)) == ["\u2612 Portrait of a Learner", "\u2610 Deeper Learning"]


def test_typed_ballot_glyphs_are_kept_as_written() -> None:
    """☒/☐/☑ typed as text stay in the text."""
    assert body_texts(make_docx(p(r("\u2611 A \u2612 B \u2610 C")))) == ["\u2611 A \u2612 B \u2610 C"]


def test_field_results_are_read_and_instructions_are_not() -> None:
    """fldSimple results and complex-field results are text; w:instrText is not."""
    body = p('<w:fldSimple w:instr=" DATE "><w:r><w:t>9/1/2025</w:t></w:r></w:fldSimple>') + p(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', r("link text"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>', r(" after"))
    assert body_texts(make_docx(body)) == ["9/1/2025", "link text after"]


def test_legacy_form_checkbox_shows_its_state() -> None:
    """A FORMCHECKBOX field reads as ☒ when checked."""
    body = p('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:checked/></w:checkBox></w:ffData>'
             '</w:fldChar></w:r><w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>', r(" Yes"))
    assert body_texts(make_docx(body)) == ["\u2612 Yes"]


def test_legacy_dropdown_shows_its_chosen_entry() -> None:
    """A FORMDROPDOWN field reads as the entry its w:result selects."""
    body = p('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:result w:val="1"/>'
             '<w:listEntry w:val="2024-2025"/><w:listEntry w:val="2025-2026"/></w:ddList></w:ffData></w:fldChar></w:r>'
             '<w:r><w:instrText> FORMDROPDOWN </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    assert body_texts(make_docx(body)) == ["2025-2026"]


def test_containers_smart_tags_custom_xml_and_hyperlinks_are_descended() -> None:
    """Text inside w:smartTag, w:customXml and w:hyperlink is read."""
    body = p('<w:smartTag w:uri="u" w:element="place">' + r("Frankfort") + "</w:smartTag>",
             '<w:customXml w:element="x">' + r(", KY ") + "</w:customXml>",
             '<w:hyperlink r:id="rIdX">' + r("link") + "</w:hyperlink>")
    assert body_texts(make_docx(body)) == ["Frankfort, KY link"]


def test_text_box_is_read_once_from_the_choice_not_the_vml_fallback() -> None:
    """A DrawingML text box with a VML fallback yields its paragraph once, as source textbox."""
    box = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        '<wps:wsp><wps:txbx><w:txbxContent>' + p(r("In the box")) + '</w:txbxContent></wps:txbx></wps:wsp>'
        '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>'
        '<w:txbxContent>' + p(r("In the box")) + '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
        '</mc:AlternateContent></w:r>')
    view = read_view(make_docx(p(r("Before "), box, r("after")) + p(r("Next"))))
    assert [(x.text, x.source) for x in paragraphs(view.body)] == [
        ("Before after", "body"), ("In the box", "textbox"), ("Next", "body")]


def test_headers_and_footers_are_read_once_each_in_section_order() -> None:
    """Distinct headers (first, default) are read once, footers separately, from the section refs."""
    sect = ('<w:headerReference w:type="default" r:id="rIdH1"/><w:headerReference w:type="first" r:id="rIdH2"/>'
            '<w:footerReference w:type="default" r:id="rIdF1"/><w:titlePg/>')
    body = p(r("Body"), props=f"<w:sectPr>{sect}</w:sectPr>")
    headers = {"rIdH1": part_xml("hdr", p(r("Default header"))), "rIdH2": part_xml("hdr", p(r("First header"))),
               "rIdF1": part_xml("ftr", p(r("Footer")))}
    view = read_view(make_docx(body, sect=sect, headers=headers))
    assert [x.text for x in paragraphs(view.headers)] == ["First header", "Default header"]
    assert [(x.text, x.source) for x in paragraphs(view.footers)] == [("Footer", "footer")]


def test_nested_tables_merged_cells_and_grid_before() -> None:
    """Nested tables are kept; a vertically merged cell's text appears once; gridBefore pads the row."""
    inner = "<w:tbl><w:tr><w:tc>" + p(r("inner")) + "</w:tc></w:tr></w:tbl>"
    merged = '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
    body = ("<w:tbl><w:tr><w:tc>" + merged + p(r("Contact")) + "</w:tc><w:tc>" + inner + p() + "</w:tc></w:tr>"
            "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>" + p(r("stale")) + "</w:tc><w:tc>" + p(r("b")) + "</w:tc></w:tr>"
            '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc>' + p(r("c")) + "</w:tc></w:tr></w:tbl>")
    table = read_view(make_docx(body)).body[0]
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.rows] == [["Contact", ""], ["", "b"], ["", "c"]]
    nested = table.rows[0][1].blocks[0]
    assert isinstance(nested, Table) and nested.rows[0][0].text == "inner"


STYLES = (
    '<w:docDefaults><w:rPrDefault><w:rPr/></w:rPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/>'
    '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="MyList"><w:name w:val="My List"/><w:basedOn w:val="ListBullet"/></w:style>'
    '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>'
)
NUMBERING = (
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:numFmt w:val="lowerLetter"/></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="8"><w:abstractNumId w:val="2"/></w:num>'
)


def test_numbering_comes_directly_or_through_the_paragraph_style() -> None:
    """numPr on the paragraph or its style (basedOn too) gives list level and format; numId 0 is none."""
    body = (p(r("styled"), props='<w:pStyle w:val="MyList"/>')
            + p(r("direct"), props='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="8"/></w:numPr>')
            + p(r("sub"), props='<w:pStyle w:val="ListBullet"/><w:numPr><w:ilvl w:val="1"/></w:numPr>')
            + p(r("off"), props='<w:pStyle w:val="ListBullet"/><w:numPr><w:numId w:val="0"/></w:numPr>')
            + p(r("plain")))
    view = read_view(make_docx(body, styles=STYLES, numbering=NUMBERING))
    assert [(x.text, x.list_level, x.list_format) for x in paragraphs(view.body)] == [
        ("styled", 0, "bullet"), ("direct", 0, "decimal"), ("sub", 1, "lowerLetter"),
        ("off", None, None), ("plain", None, None)]


def test_bold_resolves_direct_character_and_paragraph_styles_and_merges_runs() -> None:
    """Bold from w:b (not val=0), w:bCs, a character style or the paragraph style; equal runs merge."""
    body = (p(r("Focus ", "<w:b/>"), r("phrase", "<w:b/><w:i/>"), r(" not", '<w:b w:val="0"/>'),
              r(" strong", '<w:rStyle w:val="Strong"/>'), r(" cs", "<w:bCs/>"))
            + p(r("Heading text"), r(" unbolded", '<w:b w:val="false"/>'), props='<w:pStyle w:val="Heading2"/>'))
    view = read_view(make_docx(body, styles=STYLES))
    first, heading = paragraphs(view.body)
    assert [(x.text, x.bold) for x in first.runs] == [
        ("Focus phrase", True), (" not", False), (" strong cs", True)]
    assert [(x.text, x.bold) for x in heading.runs] == [("Heading text", True), (" unbolded", False)]
    assert (heading.heading_level, heading.style) == (2, "heading 2")


def test_tabs_breaks_hyphens_and_symbols() -> None:
    """w:tab, w:br, w:cr, w:noBreakHyphen and mappable w:sym characters become text."""
    body = p('<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t><w:noBreakHyphen/>'
             '<w:t>e</w:t><w:sym w:font="Wingdings" w:char="F0FE"/><w:sym w:font="Symbol" w:char="F0B7"/></w:r>')
    assert body_texts(make_docx(body)) == ["a\tb\nc\nd-e\u2611\u2022"]


def test_ruby_reads_the_base_text_not_the_guide() -> None:
    """w:ruby: the base text is read, the phonetic guide above it is not."""
    body = p('<w:ruby><w:rt>' + r("kan") + '</w:rt><w:rubyBase>' + r("漢") + "</w:rubyBase></w:ruby>")
    assert body_texts(make_docx(body)) == ["漢"]


def test_text_typed_in_a_symbol_font_reads_as_the_drawn_glyph() -> None:
    """'þ' and '¨' in Wingdings are Word's checked and empty boxes; private-use F0FE too."""
    wingdings = '<w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/>'
    body = p(r("\u00fe", wingdings), r(" Yes "), r("\u00a8", wingdings), r(" No "), r("\uf0fe", wingdings))
    assert body_texts(make_docx(body)) == ["\u2611 Yes \u2610 No \u2611"]


def test_hidden_text_is_not_read() -> None:
    """Runs marked w:vanish are not shown by Word, so not read."""
    assert body_texts(make_docx(p(r("shown"), r(" hidden", "<w:vanish/>")))) == ["shown"]


def test_strict_ooxml_namespace_is_read() -> None:
    """A Strict OOXML document (purl.oclc.org namespace) reads like a Transitional one."""
    strict = ('<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body>'
              '<w:p><w:r><w:t>Strict text</w:t></w:r></w:p></w:body></w:document>')
    assert body_texts(make_docx(document=strict)) == ["Strict text"]


def test_template_content_type_is_read_like_a_document() -> None:
    """A .dotx (template main part) is read; whether it is a letter is field reading's call."""
    from tests.extract.docx_factory import TEMPLATE_TYPE

    view = read_view(make_docx(p(r("Dear Sir")), content_type=TEMPLATE_TYPE))
    assert view.content_type == TEMPLATE_TYPE and paragraphs(view.body)[0].text == "Dear Sir"


def test_a_vml_only_text_box_is_read() -> None:
    """An older document's text box (w:pict/v:textbox, no mc:AlternateContent) is read, as source textbox."""
    box = '<w:r><w:pict><v:shape><v:textbox><w:txbxContent>' + p(r("Old box")) + '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>'
    view = read_view(make_docx(p(r("Body"), box)))
    assert [(x.text, x.source) for x in paragraphs(view.body)] == [("Body", "body"), ("Old box", "textbox")]


def test_tracked_insertions_inside_content_controls_and_tables_are_read() -> None:
    """An insertion inside a control inside a table cell is read; a deletion beside it is not."""
    cell = ('<w:sdt><w:sdtPr><w:tag w:val="district"/></w:sdtPr><w:sdtContent>'
            + p('<w:ins w:id="1" w:author="a">' + r("Adair County") + "</w:ins>",
                '<w:del w:id="2" w:author="a"><w:r><w:delText>Allen County</w:delText></w:r></w:del>')
            + "</w:sdtContent></w:sdt>")
    table = read_view(make_docx("<w:tbl><w:tr><w:tc>" + cell + "</w:tc></w:tr></w:tbl>")).body[0]
    assert isinstance(table, Table)
    run = table.rows[0][0].blocks[0].runs[0]
    assert (table.rows[0][0].text, run.field_tag) == ("Adair County", "district")


def test_row_level_content_controls_and_custom_xml_rows_are_descended() -> None:
    """Rows inside a row-level w:sdt (e.g. a repeating section) or w:customXml are read, with the control's tag."""
    row = "<w:tr><w:tc>" + p(r("{}")) + "</w:tc></w:tr>"
    body = ("<w:tbl>" + row.format("plain")
            + '<w:sdt><w:sdtPr><w:tag w:val="contact"/></w:sdtPr><w:sdtContent>' + row.format("in control")
            + "</w:sdtContent></w:sdt>" + '<w:customXml w:element="x">' + row.format("in custom xml")
            + "</w:customXml></w:tbl>")
    table = read_view(make_docx(body)).body[0]
    assert isinstance(table, Table)
    assert [row[0].text for row in table.rows] == ["plain", "in control", "in custom xml"]
    assert table.rows[1][0].blocks[0].runs[0].field_tag == "contact"
