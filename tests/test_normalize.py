from verify.normalize import normalize, normalize_text, tokenize


def test_typography_is_unified():
    fancy = "\u201cIt\u2019s a pause \u2014 not\u00a0a VERDICT\u2026\u201d&nbsp;she said"
    plain = "\"it's a pause - not a verdict...\" she said"
    assert normalize_text(fancy) == plain


def test_html_entities_and_line_breaks():
    assert normalize_text("Fish &amp; chips\r\n\n  and&#8212;peas") == "fish & chips and-peas"


def test_compatibility_forms_and_combining_marks_compose():
    assert normalize_text("ﬁne café") == normalize_text("fine cafe\u0301")


def test_percent_sign_reads_as_word():
    assert normalize_text("14%") == normalize_text("14 percent")


def test_invisible_characters_are_dropped():
    assert normalize_text("co\u00adoperate\u200b") == "cooperate"


def test_map_leads_back_to_the_original_text():
    original = "  \u201cThe Mayor\u2019s\u00a0plan &amp; the budget\u201d"
    norm = normalize(original)
    at = norm.text.index("plan & the")
    start, end = norm.original_span(at, at + len("plan & the"))
    assert original[start:end] == "plan &amp; the"


def test_tokens_keep_original_spans():
    text = "“Run dishwashers after 9 p.m.,” said Dr.\u00a0Santos; 4,112 signatures."
    tokens = tokenize(text)
    assert [t.norm for t in tokens] == [
        "run", "dishwashers", "after", "9", "p.m", "said", "dr", "santos", "4,112", "signatures",
    ]
    assert [text[t.start : t.end] for t in tokens][:2] == ["Run", "dishwashers"]
    assert text[tokens[8].start : tokens[8].end] == "4,112"


def test_per_cent_reads_as_one_word_and_maps_back():
    text = "rose 9 per cent, not 9 percentage points"
    tokens = tokenize(text)
    assert [t.norm for t in tokens][:3] == ["rose", "9", "percent"]
    assert text[tokens[2].start : tokens[2].end] == "per cent"
    assert normalize_text("9 Per cent") == normalize_text("9%")
    assert "percent" not in normalize_text("paid per centimetre")
