"""Matching on hand-built source documents: quotes, paraphrases, credit, publisher."""

import re
import tomllib
from pathlib import Path

import pytest

from verify.extract import extract
from verify.ingest import parse_document
from verify.judge import judge
from verify.match import match, same_outlet, same_speaker
from verify.outlets import Registry
from verify.records import Article, Claim, Speaker, Spans
from verify.rules import load_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"

@pytest.fixture(scope="module")
def rules():
    return load_rules()


def source(*paragraphs, url="https://news.example/story", publisher=None, title=None):
    text = "\n\n".join(paragraphs)
    spans, at = [], 0
    for p in paragraphs:
        spans.append((at, at + len(p)))
        at += len(p) + 2
    return Article(input=url, text=text, paragraphs=spans, url=url, publisher=publisher, title=title)


def quote(words, speaker="Ines Okafor", kind="person", quotes=None, via=None):
    return Claim(id="c1", text="", speaker=Speaker(speaker, kind), cue="said", content=words,
                 quote=words, quotes=quotes or [], via=via)


def paraphrase(content, speaker="Paul Haverty", kind="person", cue="said"):
    return Claim(id="c1", text="", speaker=Speaker(speaker, kind), cue=cue, content=content)


RELEASE = source(
    "RIVERTON \u2014 Mayor Ines Okafor presented a budget on Monday.",
    "\u201cThis budget protects the services people use every day, from branch libraries to snow "
    "clearance,\u201d said Mayor Okafor. \u201cNobody should have to choose between a library card and a "
    "plowed street.\u201d",
    "\u201cThis ruling is a pause \u2013 not a verdict on the project,\u201d Okafor said. The council "
    "voted 6-1 on Wednesday.",
    "Finance Director Paul Haverty said reserves would fall to 8 percent of annual spending in "
    "March, below the 10 percent floor.",
    "Councilmember Tomas Reyes called the meter increase \u201ca quiet tax on commuters.\u201d",
    "\u201cWe chose not to pay, we rebuilt from backups, and we would make the same choice again,\u201d "
    "Okafor said.",
)


@pytest.mark.parametrize(
    "said",
    [
        'nobody should have to choose between a library card and a plowed street',
        "NOBODY should have to choose between a library card and a plowed street.",
        "This ruling is a pause \u2014 not a verdict on the project",  # em dash for en dash
        "This ruling is a pause -- not a verdict on the project",
    ],
)
def test_typography_and_case_are_exact(rules, said):
    found = match(quote(said), RELEASE, [], rules)
    assert (found.support, found.score, found.reasons) == ("exact", 1.0, [])


def test_passage_is_quoted_as_the_source_wrote_it(rules):
    found = match(quote("nobody should have to choose between a library card"), RELEASE, [], rules)
    assert found.passage in RELEASE.text
    assert "\u201cNobody" in found.passage
    assert RELEASE.text[found.span[0] : found.span[1]].startswith("Nobody")


def test_quote_spanning_two_sentences_and_paragraphs_aligns(rules):
    src = source("\u201cMeasles is not a mild illness.", "One infected child can expose a classroom,\u201d she said.")
    said = "Measles is not a mild illness. One infected child can expose a classroom"
    assert match(quote(said), src, [], rules).support == "exact"


def test_words_around_an_attribution_are_not_one_quote(rules):
    said = "from branch libraries to snow clearance. Nobody should have to choose"
    assert match(quote(said), RELEASE, [], rules).support != "exact"


@pytest.mark.parametrize("marker", ["...", "\u2026", "[...]", "[\u2026]"])
def test_marked_omission_fragments_appear_in_order(rules, marker):
    said = f"We chose not to pay {marker} and we would make the same choice again"
    assert match(quote(said), RELEASE, [], rules).support == "exact"


def test_omission_fragments_out_of_order_do_not_verify(rules):
    said = "and we would make the same choice again ... We chose not to pay"
    assert match(quote(said), RELEASE, [], rules).support != "exact"


def test_quote_split_by_its_cue_uses_each_fragment(rules):
    claim = quote("This ruling is a pause ... not a verdict on the project",
                  quotes=["This ruling is a pause,", "not a verdict on the project"])
    assert match(claim, RELEASE, [], rules).support == "exact"


def test_bracketed_insertion_stands_for_a_short_span(rules):
    said = "[The mayor's plan] protects the services people use every day"
    assert match(quote(said), RELEASE, [], rules).support == "exact"
    far = "Mayor Ines Okafor presented [...] a library card and a plowed street"
    assert match(quote(far), RELEASE, [], rules).support == "exact"  # an omission may span far
    inserted = "Mayor Ines Okafor presented [her plan] a library card and a plowed street"
    assert match(quote(inserted), RELEASE, [], rules).support != "exact"


@pytest.mark.parametrize(
    "said, reason",
    [
        ("a quiet tax on commuter", "word_changed:commuter->commuters"),
        ("This budget protects the services people use each day", "word_changed:each->every"),
        ("This ruling is a pause - a verdict on the project", "word_dropped:not"),
        ("We chose not to pay, we rebuilt from old backups", "word_added:old"),
    ],
)
def test_changed_words_make_a_close_match_with_reasons(rules, said, reason):
    found = match(quote(said, speaker="Tomas Reyes"), RELEASE, [], rules)
    assert found.support == "close"
    assert reason in found.reasons
    assert 0 < found.score < 1


def test_dropped_negation_is_named(rules):
    found = match(quote("This ruling is a pause - a verdict on the project"), RELEASE, [], rules)
    assert "negation_dropped" in found.reasons


def test_changed_number_in_a_quote(rules):
    src = source("Coalition chair Elena Voss said the decision \u201cprotects 14% of the wetland from being paved over.\u201d")
    found = match(quote("protects 41% of the wetland from being paved over", "Elena Voss"), src, [], rules)
    assert (found.support, found.reasons) == ("close", ["number_changed:41->14"])


def test_splicing_two_sentences_is_not_the_quote(rules):
    said = "This budget protects the services people use every day and we would make the same choice again"
    found = match(quote(said), RELEASE, [], rules)
    assert found.support == "close"
    assert found.reasons == ["spliced"]


def test_unrelated_quote_is_not_found(rules):
    found = match(quote("we learned more from that defeat than from any win this season"), RELEASE, [], rules)
    assert found.support == "none"
    assert found.passage is None


def test_credit_from_the_sentence_names_another_speaker(rules):
    found = match(quote("a quiet tax on commuters", speaker="Rosa Delgado"), RELEASE, [], rules)
    assert found.support == "exact"
    assert found.credited_to == "Councilmember Tomas Reyes"


def test_credit_of_a_bare_quote_comes_from_the_sentence_before(rules):
    found = match(quote("Nobody should have to choose"), RELEASE, [], rules)
    assert same_speaker(found.credited_to, Speaker("Ines Okafor"))


def test_credit_from_the_source_claims_wins_over_names(rules):
    at = RELEASE.text.index("a quiet tax")
    credited = Claim(id="s1", text="", speaker=Speaker("Hana Suzuki", "person"), cue="called",
                     content="a quiet tax on commuters", span=(at - 40, at + 30),
                     spans=Spans(content=[(at, at + 24)]))
    found = match(quote("a quiet tax on commuters", speaker="Rosa Delgado"), RELEASE, [credited], rules)
    assert found.credited_to == "Hana Suzuki"


def test_transcript_label_credits_the_speaker(rules):
    transcript = source(
        "MARISOL GRANT, HOST: Councilmember Mercer, you survived. What now?",
        "DANIEL MERCER: I was elected to fix potholes, not to fight petitions. I intend to get back to that work tomorrow morning.",
    )
    found = match(quote("I intend to get back to that work tomorrow morning", "Mercer"), transcript, [], rules)
    assert found.credited_to == "Daniel Mercer"
    assert same_speaker(found.credited_to, Speaker("Mercer"))


def test_paraphrase_that_states_the_claim(rules):
    found = match(paraphrase("reserves would fall to 8 percent of annual spending in March"), RELEASE, [], rules)
    assert found.support == "exact"
    assert found.kind == "paraphrase"
    assert "Haverty" in found.passage


@pytest.mark.parametrize(
    "content, reason",
    [
        ("reserves would fall to 6 percent of annual spending in March", "number_changed:6->8"),
        ("reserves would fall to 8 percent of annual spending in April", "date_changed:April->March"),
        ("reserves would not fall to 8 percent of annual spending", "negation_added"),
    ],
)
def test_paraphrase_with_a_differing_slot_is_close(rules, content, reason):
    found = match(paraphrase(content), RELEASE, [], rules)
    assert found.support == "close"
    assert reason in found.reasons


def test_paraphrase_on_the_same_topic_that_does_not_state_it(rules):
    found = match(paraphrase("the city surveyed 3,000 residents about the budget"), RELEASE, [], rules)
    assert found.support == "none"
    assert "number_missing:3,000" in found.reasons


def test_paraphrase_missing_its_figure_is_not_held(rules):
    found = match(paraphrase("the council voted on Wednesday to approve 12 new buses"), RELEASE, [], rules)
    assert found.support == "none"


def test_publisher_checked_for_outlet_claims_only(rules):
    wire = source("The state activated 1,200 megawatts of reserve capacity on Monday.",
                  publisher="Coastline Wire", url="https://127.0.0.1/wire/story.html")
    claim = paraphrase("the state had activated 1,200 megawatts of reserve capacity", "Coastline Wire", "publication")
    assert match(claim, wire, [], rules).publisher_match is True
    assert match(claim, wire, [], rules, credited_outlet="The Meridian Post").publisher_match is False
    person = paraphrase("the state had activated 1,200 megawatts of reserve capacity", "Mariela Santos")
    assert match(person, wire, [], rules).publisher_match is None


def test_publisher_from_registry_domain_and_title(rules):
    page = source("The Journal said rates would rise.", url="https://www.wsj.com/articles/x", title="Rates rise | WSJ")
    claim = paraphrase("rates would rise", "WSJ", "publication")
    assert match(claim, page, [], rules).publisher_match is True
    other = source("Rates would rise.", url="https://example.org/x", title="Rates rise - Daily Planet")
    assert match(claim, other, [], rules).publisher_match is False


def test_source_that_credits_the_outlet_names_it(rules):
    wire = source("According to the Meridian Post, three deaths were confirmed since Sunday.", publisher="Coastline Wire")
    claim = paraphrase("three deaths were confirmed since Sunday", "The Meridian Post", "publication")
    found = match(claim, wire, [], rules)
    assert found.publisher_match is False
    assert found.credited_to == "The Meridian Post"


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Harbor Ledger", "The Harbor Ledger", True),
        ("NADC", "National Anti-Doping Commission", True),
        ("Coastline Wire", "The Meridian Post", False),
        ("Velmoran Foreign Ministry", "Ministry of Foreign Affairs of the Republic of Velmora", True),
        ("Velmoran Foreign Ministry", "Ostrand Foreign Ministry", False),
        ("Riverton Courier", "City of Riverton", False),
    ],
)
def test_outlet_names(a, b, same):
    assert same_outlet(a, b) is same


@pytest.mark.parametrize(
    "name, same",
    [("DANIEL MERCER", True), ("Councilmember Mercer", True), ("Alicia Ferro", False)],
)
def test_speaker_names(name, same):
    assert same_speaker(name, Speaker("Daniel Mercer", aliases=("Mercer",))) is same


def test_paraphrase_naming_someone_the_source_does_not_is_not_held(rules):
    claim = paraphrase("reserves would fall to 8 percent of annual spending in March, Haverty told Reuters")
    found = match(claim, RELEASE, [], rules)
    assert found.support == "none"
    assert "name_missing:Reuters" in found.reasons


def test_paraphrase_need_not_repeat_its_own_speaker(rules):
    claim = paraphrase("according to Daniel Mercer, reserves would fall to 8 percent of annual spending in March",
                       speaker="Daniel Mercer")
    assert match(claim, RELEASE, [], rules).support == "exact"


# ---------------------------------------------------------------- paraphrase rules

EARNINGS = source(
    "Harbour Foods reports first-half results",
    "August 8, 2024",
    "Net sales were 640 million dollars, an increase of 8 percent, driven by new bakeries in Dunmore.",
    "The threshold for a listing is 4,500, so the company is 388 shareholders short.",
    "Across the region, the firm employs some 1,400 bakers each day of the week.",
    "Harbour Foods will not close any shops this year. The board voted 6-1 on Wednesday.",
    publisher="Harbour Foods", title="Harbour Foods reports first-half results",
)


@pytest.mark.parametrize(
    "content",
    [
        "revenue rose 8 percent to 640 million dollars",  # paraphrase groups: revenue/sales, rose/increase
        "the company is 388 short of the 4,500 needed",  # equal figures, counted words apart
        "about 1,400 bakers a day work for the firm",  # a figure of four digits, its noun elsewhere
        "Harbour Foods said on Thursday that sales were 640 million dollars, up 8 percent",  # dated Thursday
    ],
)
def test_faithful_paraphrases_are_held(rules, content):
    found = match(paraphrase(content), EARNINGS, [], rules)
    assert (found.support, found.reasons) == ("exact", [])


def test_weekday_the_source_is_not_dated_is_not_held(rules):
    found = match(paraphrase("Harbour Foods said on Monday that net sales were 640 million dollars"), EARNINGS, [], rules)
    assert found.support == "none"
    assert "date_missing:Monday" in found.reasons


def test_stems_join_forms_of_a_word(rules):
    src = source("The money we take on market Fridays is what keeps the bakery going through the winter.")
    found = match(paraphrase("his takings on market Fridays keep the bakery going through the winter"), src, [], rules)
    assert found.support == "exact"


def test_scale_of_a_large_figure_must_agree(rules):
    found = match(paraphrase("net sales were 640 billion dollars, an increase of 8 percent"), EARNINGS, [], rules)
    assert found.support != "exact"


FLOOD = source(
    "The Coastal Risk Institute published its annual survey on Tuesday.",
    "67% of homes in the state\u2019s 100-year floodplain have no flood insurance, the institute found.",
    "Premiums rose 32 percent in coastal counties over five years.",
)


@pytest.mark.parametrize(
    "content, support",
    [
        ("two-thirds of homes in the state's 100-year floodplain have no flood insurance", "exact"),
        ("two thirds of homes in the 100-year floodplain have no flood insurance", "exact"),
        ("roughly two in three homes in the 100-year floodplain have no flood insurance", "exact"),
        ("premiums rose by nearly a third in coastal counties", "exact"),
        ("half of homes in the 100-year floodplain have no flood insurance", "close"),
        ("three-quarters of homes in the 100-year floodplain have no flood insurance", "close"),
    ],
)
def test_a_share_in_words_states_the_percentage_it_rounds(rules, content, support):
    found = match(paraphrase(content, "Coastal Risk Institute", "organization"), FLOOD, [], rules)
    assert found.support == support, found.reasons
    if support == "close":
        assert any(r.startswith("number_changed:") for r in found.reasons)


def test_a_share_beside_its_complement_is_not_confirmed_nor_contradicted(rules):
    survey = source("67% of homes in the state\u2019s 100-year floodplain have no flood insurance, the institute found.")
    # FLOOD also has "premiums rose 32 percent": a figure of something else is no bound.
    for page in (survey, FLOOD):
        found = match(paraphrase("a third of homes in the 100-year floodplain have no flood insurance",
                                 "Coastal Risk Institute", "organization"), page, [], rules)
        assert found.support != "exact"
        assert not any(r.startswith("number_changed:") for r in found.reasons)


def test_a_years_figure_at_a_sentence_end_is_no_rival_of_another(rules):
    release = source("Rate filings show that premiums for flood policies in the coastal counties rose by an average"
                     " of 31 percent between 2023 and 2025.")
    found = match(paraphrase("average premiums in coastal counties will double by 2030", "Helena Marsh"), release, [], rules)
    assert found.support != "close", found.reasons


def test_a_negation_that_says_more_before_its_noun_still_agrees(rules):
    update = source("Customers booked to travel between March 11 and March 20 may change their flights once without"
                    " paying a change fee or fare difference.")
    same = match(paraphrase("customers booked through March 20 could change their flights once without a fee", "Cardell"),
                 update, [], rules)
    assert same.support == "exact", same.reasons
    flipped = match(paraphrase("customers booked through March 20 must pay a fee to change their flights", "Cardell"),
                    update, [], rules)
    assert flipped.support != "exact"


def test_a_compound_number_word_is_its_figure(rules):
    tally = source("Ninety-four percent of voting members approved the strike authorization.")
    found = match(paraphrase("94% of voting members approved the strike authorization", "union", "organization"),
                  tally, [], rules)
    assert found.support == "exact", found.reasons


def test_an_ordinal_is_no_share(rules):
    from verify.lexicon import Lexicon

    words, keys = Lexicon.from_rules(rules).read("she won a third term of office".split())
    assert "third" in words and not any(k[:1].isdigit() for k in keys)


def test_opposite_word_is_a_misstatement(rules):
    found = match(paraphrase("net sales fell 8 percent to 640 million dollars"), EARNINGS, [], rules)
    assert found.support == "close"
    assert "word_changed:fell->increase" in found.reasons


@pytest.mark.parametrize(
    "content, verdict, reason",
    [
        ("Harbour Foods would shut shops this year", "close", "negation_dropped"),
        ("Harbour Foods said it has no plan to close shops this year", "exact", None),
    ],
)
def test_negation_is_compared_by_what_it_denies(rules, content, verdict, reason):
    found = match(paraphrase(content), EARNINGS, [], rules)
    assert found.support == verdict
    assert reason is None or reason in found.reasons


def test_negators_denying_the_same_words_agree_wherever_they_stand(rules):
    src = source("Households downstream that draw water from private wells should not use that water for drinking.")
    claim = paraphrase("households downstream not to use water from private wells for drinking")
    assert match(claim, src, [], rules).support == "exact"


def test_names_in_the_source_title_need_not_be_repeated(rules):
    src = source("The complaint charges the defendant with two counts of arson.",
                 title="State v. Aldous Penhale")
    found = match(paraphrase("prosecutors charged Penhale with three counts of arson"), src, [], rules)
    assert found.support == "close"
    assert "number_changed:three->two" in found.reasons
    untitled = source("The complaint charges the defendant with two counts of arson.")
    assert "name_missing:Penhale" in match(paraphrase("prosecutors charged Penhale with three counts of arson"),
                                           untitled, [], rules).reasons


def test_the_month_is_the_month_the_source_names(rules):
    claim = paraphrase("payrolls rose by 12,000 during the month")
    named = match(claim, source("Payrolls rose by 12,000 in March across the province."), [], rules)
    unnamed = match(claim, source("Payrolls rose by 12,000 in the province."), [], rules)
    assert named.support == "exact"
    assert named.score > unnamed.score


def test_a_figure_after_the_same_word_is_the_same_slot(rules):
    # "rose by 28,000, led by ..." has no counting word after its figure; the verb
    # before it tells that it is the claim's figure, misstated.
    src = source("Employment rose by 28,000, led by health care and construction.")
    found = match(paraphrase("employers added 38,000 jobs"), src, [], rules)
    assert (found.support, found.reasons) == ("close", ["number_changed:38,000->28,000"])
    other = source("Employment rose sharply, and 28,000 people joined unions, led by health care.")
    assert match(paraphrase("employers added 38,000 jobs"), other, [], rules).support != "close"


def _paraphrase_cases():
    folder = FIXTURES / "paraphrases"
    return tomllib.loads((folder / "cases.toml").read_text(encoding="utf-8"))["case"]


@pytest.mark.parametrize("column", ["shipped", "bare"])
@pytest.mark.parametrize("case", _paraphrase_cases(), ids=lambda c: c["why"][:40])
def test_paraphrase_rules_fire_as_the_fixture_says(rules, case, column):
    used = rules if column == "shipped" else {**rules, "paraphrases": {}}
    text = (FIXTURES / "paraphrases" / "source.txt").read_text(encoding="utf-8")
    checked = paraphrase(case["content"], "Mara Quill", cue=case.get("cue", "said"))
    found = match(checked, source(*text.strip().split("\n\n")), [], used)
    assert found.support == case[column]


# ---------------------------------------------------------------- credit

def test_unquoted_source_words_are_not_credited_to_a_name_they_mention(rules):
    src = source("I, Detective Saskia Okonedo, state the following. A camera at Harbour House Hotel "
                 "recorded a male carrying two red fuel cans toward the loading bay.")
    found = match(quote("carrying two red fuel cans", "Saskia Okonedo"), src, [], rules)
    assert found.support == "exact"
    assert found.credited_to is None or same_speaker(found.credited_to, Speaker("Saskia Okonedo"))


def test_a_name_after_a_house_number_is_a_place_not_a_speaker(rules):
    src = source("Footage from 16 Gullet Row shows a man \u201ccarrying two red fuel cans\u201d toward the bay.")
    found = match(quote("carrying two red fuel cans", "Saskia Okonedo"), src, [], rules)
    assert found.credited_to is None


def test_quoted_words_are_credited_to_a_name_in_their_sentence(rules):
    src = source("Councillor Agnieszka Rowe called the garage \u201ca solution looking for a car.\u201d")
    found = match(quote("a solution looking for a car", "Benedikt Sorel"), src, [], rules)
    assert found.credited_to == "Councillor Agnieszka Rowe"


def test_a_changed_figure_in_a_short_quote_is_a_misquote(rules):
    src = source("Trams now run late on Fridays, and ridership rose by as much as 23 per cent on those nights.")
    found = match(quote("by as much as 32 per cent"), src, [], rules)
    assert found.support == "close"
    assert found.reasons == ["number_changed:32->23"]


# ---------------------------------------------------------------- paraphrase rules

TALKS = source("The Ostrava Water Board has not refused any request for talks. It has offered to meet the "
               "drivers' union on four dates in May.")


def test_a_denial_states_its_content_negated(rules):
    denied = paraphrase("it had refused any request for talks", "Ostrava Water Board", "organization", cue="denied")
    assert match(denied, TALKS, [], rules).support == "exact"
    asserted = source("The Ostrava Water Board has refused every request for talks since March.")
    found = match(denied, asserted, [], rules)
    assert found.support == "close"
    assert "negation_added" in found.reasons


def test_no_and_not_deny_the_same_stem(rules):
    src = source("Dr Lena Varga said the survey team took no measurements of noise inside the depot.")
    assert match(paraphrase("the survey team did not measure noise inside the depot", "Lena Varga"), src, [],
                 rules).support == "exact"


def test_a_phrase_of_a_group_reads_as_one_word_and_no_negation(rules):
    src = source("Buyers can send back a faulty kettle for a refund, or receive a new kettle, delivered free of charge.")
    claim = paraphrase("buyers can send back a faulty kettle for a refund or get a new kettle delivered at no cost",
                       "Brisk Appliances", "organization")
    found = match(claim, src, [], rules)
    assert (found.support, found.reasons) == ("exact", [])


def test_one_after_a_determiner_is_no_figure(rules):
    src = source("All 57 licensed ferries in the province will be checked before the end of June, the authority said.")
    claim = paraphrase("every one of the province's 57 licensed ferries would be checked", "Harbour Authority",
                       "organization")
    assert match(claim, src, [], rules).support == "exact"
    counted = paraphrase("one of the province's 57 licensed ferries would be checked", "Harbour Authority",
                         "organization")
    assert "number_missing:one" in match(counted, src, [], rules).reasons


CREST = source("Forecaster Amal Reyes said the lake was expected to crest at Pellow on Saturday evening at "
               "around 3.4 metres.")


def test_a_clause_the_source_misstates_makes_the_claim_misquoted(rules):
    changed = "the lake would crest at Pellow on Sunday evening at about 3.4 metres, far above anything seen in a generation"
    found = match(paraphrase(changed, "Amal Reyes"), CREST, [], rules)
    assert found.support == "close"
    assert found.reasons == ["date_changed:Sunday->Saturday"]


def test_a_clause_alone_never_verifies_a_claim(rules):
    stated = "the lake would crest at Pellow on Saturday evening at about 3.4 metres, far above anything seen in a generation"
    assert match(paraphrase(stated, "Amal Reyes"), CREST, [], rules).support == "none"


def test_a_neighbouring_sentence_adding_nothing_is_not_the_passage(rules):
    src = source("A council spokesperson said the Elm Street pool would reopen in June.",
                 "\u201cWe apologise to every family affected,\u201d said Mayor Lotte Brand. \u201cThe pool will "
                 "reopen in June after repairs.\u201d")
    found = match(paraphrase("the Elm Street pool would reopen in June", "Lotte Brand"), src, extract(src, rules), rules)
    assert found.passage == "A council spokesperson said the Elm Street pool would reopen in June."
    assert found.credited_to != "Lotte Brand"


# ---------------------------------------------------------------- who the source credits

TRIAL = source(
    "Professor Tomas Hale said the trial would run for two more years. \u201cWe need a second winter of data,\u201d he said.",
    "Dr Ruth Okafor, a soil scientist at Pellow University who was not involved, was cautious. \u201cIt is an "
    "encouraging first look,\u201d she said.",
)


def test_a_pronoun_stands_for_the_person_its_paragraph_names(rules):
    claims = extract(TRIAL, rules)
    found = match(quote("an encouraging first look", "Tomas Hale"), TRIAL, claims, rules)
    assert same_speaker(found.credited_to, Speaker("Ruth Okafor"))
    verdict = judge(quote("an encouraging first look", "Tomas Hale"), [found], rules)
    assert verdict.verdict == "misattributed"


def test_a_pronoun_keeps_its_speaker_when_the_paragraph_names_them(rules):
    src = source("Professor Tomas Hale said the trial would run for two more years.",
                 "Speaking beside Dr Ruth Okafor, Hale was upbeat. \u201cIt is an encouraging first look,\u201d he said.")
    found = match(quote("an encouraging first look", "Tomas Hale"), src, extract(src, rules), rules)
    assert found.credited_to == "Tomas Hale"


REMARKS = source(
    "5. Ms Petra Lind, for you, Mr Vance, told the court that you acted under pressure from your brother.",
    "6. Mr Osei, Mr Daniel Kerr, who appears for you, submitted that you were a lookout and nothing more.",
)


@pytest.mark.parametrize("claims", [[], "extracted"])
def test_counsel_not_client_is_credited(rules, claims):
    claims = extract(REMARKS, rules) if claims else []
    by_lind = match(quote("acted under pressure from your brother", "Petra Lind"), REMARKS, claims, rules)
    assert by_lind.credited_to == "Petra Lind"
    by_kerr = match(quote("a lookout and nothing more", "Petra Lind"), REMARKS, claims, rules)
    assert by_kerr.credited_to == "Daniel Kerr"


def test_a_quotation_running_on_is_credited_where_it_ends(rules):
    src = source("The squad flew home on Sunday.",
                 "\u201cWe have trained for months. We are ready for the final,\u201d captain Aoife Brennan said.")
    assert match(quote("We have trained for months", "Mia Kerr"), src, [], rules).credited_to == "Aoife Brennan"
    closed = source("\u201cWe have trained for months.\u201d Coach Dara Quinn said the final would be close.")
    assert match(quote("We have trained for months", "Mia Kerr"), closed, [], rules).credited_to is None


def _page(title, url, paragraph="The second act is all noise and no song, and the finale drags."):
    page = source("By Imogen Clay, Music Critic", paragraph, title=title, url=url)
    page.author = "Imogen Clay"
    return page


def test_a_reviewers_own_words_are_credited_to_the_reviewer(rules):
    review = _page("Night Train review: loud but hollow", "https://paper.example/arts/night-train")
    found = match(quote("all noise and no song", "Felix Dorn"), review, [], rules)
    assert found.credited_to == "Imogen Clay"
    assert judge(quote("all noise and no song", "Felix Dorn"), [found], rules).verdict == "misattributed"
    assert judge(quote("all noise and no song", "Imogen Clay"), [found], rules).verdict == "verified"


def test_a_blog_post_or_newsletter_speaks_in_its_writers_voice(rules):
    words = "We will help every single person find their next role. Our head of people, Lorraine Adebayo, leads the team."
    for title, url in [("An update on our team | Orrin Blog", "https://orrin.example/2025/03/update"),
                       ("An update on our team", "https://orrin.example/blog/2025/03/update"),
                       ("Castlebury's numbers | The Ledger Line newsletter", "https://ledger.example/p/castlebury")]:
        found = match(quote("every single person find their next role", "Lorraine Adebayo"), _page(title, url, words), [], rules)
        assert found.credited_to == "Imogen Clay", title


def test_a_news_writer_or_a_quotation_is_not_the_reviewers_voice(rules):
    news = _page("Council budget vote delayed", "https://paper.example/news/budget")
    assert match(quote("all noise and no song", "Felix Dorn"), news, [], rules).credited_to is None
    quoted = _page("Night Train review", "https://paper.example/arts/night-train",
                   "One fan called it \u201call noise and no song\u201d on the way out.")
    assert match(quote("all noise and no song", "Felix Dorn"), quoted, [], rules).credited_to != "Imogen Clay"
    by_outlet = _page("Night Train review", "https://paper.example/arts/night-train")
    by_outlet.author = by_outlet.publisher = "Evening Lantern"
    assert match(quote("all noise and no song", "Felix Dorn"), by_outlet, [], rules).credited_to is None


@pytest.mark.parametrize(
    "head, body",
    [
        ('<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"@type": "Person", '
         '"name": "Imogen Clay"}]}</script>', ""),
        ('<meta name="author" content="Imogen Clay">', ""),
        ("", '<a rel="author" href="/staff/clay">Imogen Clay</a>'),
        ("", "<p>By Imogen Clay, Music Critic &middot; 3 May 2025</p>"),
    ],
)
def test_the_pages_writer_is_read_from_its_byline(head, body):
    html = (f"<html><head><title>Night Train review</title>{head}</head><body><article>{body}"
            "<p>The second act is all noise and no song, and the finale drags badly in the last twenty minutes.</p>"
            "</article></body></html>")
    assert parse_document(html, kind="html", input="review.html").author == "Imogen Clay"


@pytest.mark.parametrize("kind, text", [("txt", "Budget vote delayed\n\nBy Monday, the council had voted.\n"),
                                        ("md", "# Budget vote delayed\n\nThe council voted.\n")])
def test_no_byline_no_writer(kind, text):
    assert parse_document(text, kind=kind, input="x").author is None


def test_the_registry_is_built_once_per_outlet_entries(rules):
    assert Registry.from_rules(rules) is Registry.from_rules(dict(rules))
    fewer = {"outlets": {"outlet": rules["outlets"]["outlet"][:1]}}
    assert len(Registry.from_rules(fewer).outlets) == 1


def test_a_source_attribution_to_an_aside_yields_to_the_sentence(rules):
    text = "Dr Mina Patel, Chief Executive of the Harbour Trust, confirmed that the ferry would resume on Monday."
    src = source(text)
    title = (text.index("Chief"), text.index(", confirmed"))
    misread = Claim(id="s1", text="", speaker=Speaker("Chief Executive", "person"), cue="confirmed",
                    content="the ferry would resume on Monday", span=(0, len(text)), spans=Spans(source=title))
    found = match(paraphrase("the ferry would resume on Monday", "Mina Patel"), src, [misread], rules)
    assert found.credited_to == "Mina Patel"
    named = Claim(id="s1", text="", speaker=Speaker("Mina Patel", "person"), cue="confirmed",
                  content="the ferry would resume on Monday", span=(0, len(text)), spans=Spans(source=(3, 13)))
    assert match(paraphrase("the ferry would resume on Monday", "Ruth Okafor"), src, [named], rules).credited_to == "Mina Patel"


def test_a_speaker_before_an_aside_keeps_the_words(rules):
    text = "Earlier on Monday, Mina Patel, the chief executive, said the ferry would resume on Monday."
    at = text.index("Mina")
    by_patel = Claim(id="s1", text="", speaker=Speaker("Mina Patel", "person"), cue="said",
                     content="the ferry would resume on Monday", span=(0, len(text)), spans=Spans(source=(at, at + 10)))
    found = match(paraphrase("the ferry would resume on Monday", "Ruth Okafor"), source(text), [by_patel], rules)
    assert found.credited_to == "Mina Patel"


def test_transcript_turns_run_together_credit_the_last_label(rules):
    transcript = source(
        "NORA BELL, HOST: The count is in. Let's listen. CANDIDATE ANA RUIZ-PEREZ: Thank you all. "
        "We will open the library on weekends. BELL: Across town, Tom Field spoke. DR. TOM FIELD (I): "
        "We ran a clean race and I wish her well."
    )
    found = match(quote("We will open the library on weekends", "Ana Ruiz-Perez"), transcript, [], rules)
    assert found.support == "exact"
    assert same_speaker(found.credited_to, Speaker("Ana Ruiz-Perez"))
    rival = match(quote("We ran a clean race", "Ana Ruiz-Perez"), transcript, [], rules)
    assert same_speaker(rival.credited_to, Speaker("Tom Field"))
    assert judge(quote("We ran a clean race", "Ana Ruiz-Perez"), [rival], rules).verdict == "misattributed"


def test_title_case_turns_of_a_transcript_credit_their_speakers(rules):
    hearing = source(
        "Witness: Aubrey Linfield, Director, Halloran Museum.",
        "Q31 Chair: Mr Linfield, welcome. For many of us this feels like a conversation we should have had decades ago.",
        "Aubrey Linfield: Thank you, Chair. Four of the 23 masks have been on display in the last ten years.",
        "Q32 Daniel Frayne: Why so few?",
        "Aubrey Linfield: Some of them are extremely fragile.",
    )
    chair = match(quote("a conversation we should have had decades ago", "Aubrey Linfield"), hearing, [], rules)
    assert chair.credited_to == "Chair"
    assert judge(quote("a conversation we should have had decades ago", "Aubrey Linfield"), [chair], rules).verdict == "misattributed"
    own = match(quote("Some of them are extremely fragile", "Aubrey Linfield"), hearing, [], rules)
    assert own.credited_to == "Aubrey Linfield"


def test_a_lone_paragraph_opening_with_a_colon_is_no_transcript(rules):
    story = source(
        "Update: Mayor Ines Okafor said on Friday that the library will open on weekends.",
        "The council meets again in May.",
    )
    found = match(paraphrase("the library will open on weekends", "Ines Okafor"), story, [], rules)
    assert found.credited_to != "Update"


def test_paraphrase_is_credited_by_the_sentence_holding_it(rules):
    release = source(
        "\u201cEvery library in the district stays open,\u201d Mayor Ada Quint said.",
        "\u201cThe library fund will hire 40 new librarians over the next two years,\u201d said Treasurer Basil Orme.",
    )
    claim = paraphrase("the library fund would hire about 40 new librarians over two years", "Basil Orme")
    found = match(claim, release, [], rules)
    assert found.support == "exact"
    assert same_speaker(found.credited_to, Speaker("Basil Orme"))


@pytest.mark.parametrize("written", ["2.4 billion dollars", "US$2.4 billion", "2,400 million dollars"])
def test_amounts_agree_across_scale_and_currency_forms(rules, written):
    src = source(f"Kestrel Mills agreed to acquire Dunlin Foods in a cash deal valued at {written}.")
    assert match(paraphrase("Kestrel Mills would buy Dunlin Foods for $2.4bn in cash", "Kestrel Mills"),
                 src, [], rules).support == "exact"


def test_a_different_amount_in_another_form_is_a_misstatement(rules):
    src = source("Kestrel Mills agreed to acquire Dunlin Foods in a cash deal valued at 2.8 billion dollars.")
    found = match(paraphrase("Kestrel Mills would buy Dunlin Foods for $2.4bn in cash", "Kestrel Mills"), src, [], rules)
    assert found.support == "close"
    assert any(r.startswith("number_changed:2.4bn") for r in found.reasons)


def test_a_bracketed_currency_conversion_is_the_writers_gloss(rules):
    src = source("The ministry is allocating SEK 30 million over four years to restore the Brenna wetlands.")
    claim = paraphrase("the ministry would allocate 30 million kronor (about $2.9 million) over four years "
                       "to restore the Brenna wetlands", "Ministry of Water", kind="organization")
    assert match(claim, src, [], rules).support == "exact"
    changed = paraphrase("the ministry would allocate 30 million kronor over five years to restore the Brenna "
                         "wetlands", "Ministry of Water", kind="organization")
    assert match(changed, src, [], rules).support != "exact"


def test_a_negated_quantity_agrees_with_a_denial_of_what_is_said_of_it(rules):
    src = source("All 52 passengers and three crew members left the bus, and no injuries were reported.")
    held = paraphrase("none of the 52 passengers or three crew members had been hurt", "Coachline")
    assert match(held, src, [], rules).support == "exact"
    hurt = source("All 52 passengers and three crew members were hurt when the bus left the road.")
    assert match(held, hurt, [], rules).support == "close"


def test_a_changed_weekday_is_a_misstatement(rules):
    src = source("The two flight recorders arrived at our laboratory in Denver on Sunday, the day after the event.")
    found = match(paraphrase("both flight recorders had reached the laboratory in Denver on Monday"), src, [], rules)
    assert found.support == "close"
    assert "date_changed:Monday->Sunday" in found.reasons


def test_a_quote_whose_only_difference_is_a_negation_is_misquoted(rules):
    memo = source("Teams in Harrow Point will be affected, and we will say how by Friday.")
    found = match(quote("will not be affected"), memo, [], rules)
    assert found.support == "close"
    assert "negation_added" in found.reasons


def test_a_denial_needs_what_it_denies_stated_in_the_passage(rules):
    release = source(
        "Chief executive Lena Moss and Fenwick's chief executive Ivo Brandt signed the agreement, "
        "promising better service in the shops they already run across the region.",
        "\u201cWe expect to close the deal in the first half of 2026,\u201d Moss said.",
    )
    found = match(paraphrase("no Fenwick shop would close during the first year", "Ivo Brandt"), release, [], rules)
    assert found.support == "none"
    assert any(r.startswith("negation_missing") for r in found.reasons)
    stated = source("Fenwick's shops would close during the first year, Brandt said.")
    assert match(paraphrase("no Fenwick shop would close during the first year", "Ivo Brandt"),
                 stated, [], rules).support == "close"


def test_a_changed_hyphenated_word_counts_as_one_changed_word(rules):
    src = source("\u201cThis is a betrayal of every working student at this university,\u201d Noor Kavanagh said.")
    found = match(quote("a betrayal of every first-generation student", "Noor Kavanagh"), src, [], rules)
    assert found.support == "close"
    assert "word_changed:first->working" in found.reasons
    # Two of its three words changed: another sentence, not this one misquoted.
    other = match(quote("a triumph of every first-generation student", "Noor Kavanagh"), src, [], rules)
    assert other.support == "none"


NOTICE = source(
    "The Department of Health is investigating 23 illnesses in Harrow, Ostry, Marrowick and Fenwick "
    "counties. Five of the people who fell ill have been hospitalized.",
)


def test_a_count_is_stated_by_listing_what_it_counts(rules):
    claim = paraphrase("23 people in four counties have fallen ill, and five of them were admitted to hospital",
                       speaker="Department of Health", kind="organization")
    assert match(claim, NOTICE, [], rules).support == "exact"
    wrong = paraphrase("23 people in three counties have fallen ill, and five of them were admitted to hospital",
                       speaker="Department of Health", kind="organization")
    assert match(wrong, NOTICE, [], rules).support != "exact"


def test_a_figure_the_claim_states_in_another_clause_is_no_rival(rules):
    # The second sentence's "Five" is the claim's own second figure, not a changed 23.
    claim = paraphrase("23 people have fallen ill in the outbreak, and five of them were admitted to hospital",
                       speaker="Department of Health", kind="organization")
    found = match(claim, NOTICE, [], rules)
    assert not any(reason.startswith("number_changed") for reason in found.reasons)


@pytest.mark.parametrize(
    "content, support",
    [
        ("the county would spend $45m on the new bridge over three years", "exact"),
        ("the county would spend \u00a345,000k on the new bridge over three years", "exact"),
        ("the county would spend $54m on the new bridge over three years", "close"),
    ],
)
def test_a_currency_figure_with_a_one_letter_scale_is_read_as_an_amount(rules, content, support):
    src = source("The county will spend $45 million on the new bridge over the next three years, officials said.")
    assert match(paraphrase(content, speaker="officials", kind="group"), src, [], rules).support == support


def test_a_one_letter_scale_counts_only_after_a_currency_sign():
    from verify.lexicon import Lexicon, priced_words

    text = "a 45m tower cost $45m"
    found = list(re.finditer(r"\w+", text))
    words, starts = [m.group() for m in found], [m.start() for m in found]
    assert priced_words(text, starts) == {4}
    _, keys = Lexicon().read(words, priced_words(text, starts))
    assert (keys[1], keys[4]) == ("45m", "45000000")


def test_two_sentences_joined_by_the_writers_and_are_a_spliced_quote(rules):
    src = source(
        "\u201cThe fish were floating belly-up from the bridge to the mill,\u201d said Dale Fortier.",
        "Residents had yet to hear from the company. \u201cNobody from the company has knocked on a single "
        "door,\u201d Fortier said.",
    )
    said = "the fish were floating belly-up and nobody from the company has knocked on a single door"
    found = match(quote(said, "Dale Fortier"), src, [], rules)
    assert (found.support, found.reasons) == ("close", ["spliced"])


@pytest.mark.parametrize(
    "content, support",
    [
        ("officers fielded more than 40 calls about sightings", "exact"),
        ("officers fielded about 45 calls about sightings", "exact"),
        ("officers fielded more than 20 calls about sightings", "none"),  # true, but far below: not what it said
        ("officers fielded more than 50 calls about sightings", "none"),
        ("officers fielded fewer than 40 calls about sightings", "none"),
    ],
)
def test_a_qualified_figure_holds_the_values_its_qualifier_allows(rules, content, support):
    src = source("Officers received 43 calls reporting sightings, most of which turned out to be raccoons, police said.")
    assert match(paraphrase(content, speaker="police", kind="group"), src, [], rules).support == support


def test_a_sentences_first_word_before_a_reporting_verb_is_no_speaker(rules):
    src = source(
        "Telemetry shows the second stage shut down 41 seconds early after a drop in pressure.",
        "\u201cWe will fly again,\u201d said Dana Whitcombe. Whitcombe said the team would report within a month.",
        publisher="Corvane Launch Systems",
    )
    data = match(quote("shut down 41 seconds early after a drop in pressure", "Corvane", kind="organization"), src, [], rules)
    assert data.support == "exact" and data.credited_to is None
    # A surname that also stands mid-sentence ("said Dana Whitcombe") still names her.
    said = match(paraphrase("the team would report within a month", speaker="Ines Okafor"), src, [], rules)
    assert said.credited_to == "Whitcombe"
