"""Attribution rules, one test (or more) per rule, each on a small text of our own.

Each rule's failure boundary is pinned too: what it must not decide.
"""
import pytest

from talecast import attribute, pipeline
from talecast.attribute import FEMALE, MALE, UNKNOWN, Character
from talecast.attribute.salience import _Salience

from conftest import need_seed

TOM = Character("Tom", (), MALE)
ANNA = Character("Anna", (), FEMALE)
BILL = Character("Bill", (), MALE)


@pytest.fixture(autouse=True)
def rules_only(monkeypatch):
    """These tests pin the rules: the second opinion fitted on the dev novels
    (``attribute.rerank``, pinned in test_rerank.py) is left out."""
    import talecast.attribute  # noqa: F401
    import sys
    monkeypatch.setattr(sys.modules["talecast.attribute.rerank"], "MODEL", {})


def lines(tmp_path, body, characters=None):
    """(quote text, speaker) for every dialogue segment of a story with ``body``."""
    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\n" + body.strip() + "\n", encoding="utf-8")
    sc, _ = pipeline.script(p, characters)
    # the speaker attribution chose, whatever its confidence: these tests pin the rules
    return [(s.text, s.guess) for s in sc.segments if s.kind == "dialogue"]


def script_of(tmp_path, body, characters=(TOM, ANNA)):
    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\n" + body.strip() + "\n", encoding="utf-8")
    return pipeline.script(p, list(characters) if characters is not None else None)[0]


def speakers(tmp_path, body, characters=(TOM, ANNA)):
    return [who for _, who in lines(tmp_path, body, list(characters) if characters is not None else None)]


# --- rule 1: speech tags --------------------------------------------------------

def test_tag_verb_then_name(tmp_path):
    assert speakers(tmp_path, '"Come here," said Anna.') == ["Anna"]


def test_discovery_and_tag_take_a_title_used_as_a_name(tmp_path):
    # "Madame" is never written in lower case here, so it names someone.
    body = ('Della went up the stairs. Madame, large and chilly, looked at her.\n\n'
            '"Will you buy my hair?" asked Della.\n\n"I buy hair," said Madame.')
    assert speakers(tmp_path, body, characters=None) == ["Della", "Madame"]


def test_a_title_written_in_lower_case_too_is_no_name(tmp_path):
    body = ('Della went up the stairs. The madame of the shop looked at her.\n\n'
            '"Will you buy my hair?" asked Della.\n\n"I buy hair," said Madame.')
    assert "Madame" not in speakers(tmp_path, body, characters=None)


def test_tag_article_before_a_cast_name_without_one(tmp_path):
    # The cast writes "Grey Heron"; the text says "the Grey Heron".
    heron = Character("Grey Heron", (), MALE)
    body = '"Fish," said the Grey Heron.\n\n"Frogs," said Anna.'
    assert speakers(tmp_path, body, (heron, ANNA)) == ["Grey Heron", "Anna"]


def test_tag_article_boundary_no_name_after_it(tmp_path):
    # "the heron" in lower case names nobody of the cast: the tag is a description.
    heron = Character("Grey Heron", (), MALE)
    body = 'Tom sat by the pond.\n\n"Fish," said the old one.'
    assert speakers(tmp_path, body, (heron, TOM)) != ["Grey Heron"]


INNER = ('Anna walked home. Anna was tired, and Anna was cold. Anna saw Mary at her gate.\n\n'
         '"Good evening," said Mary.\n\n')


def test_tag_thought_or_to_herself_is_the_story_protagonist(tmp_path):
    # Mary was named last, but thoughts and words to oneself belong to the one the story follows,
    # even when they name her.
    body = INNER + '"She looks well," she thought.\n\n"Oh, silly Anna!" she said to herself.'
    assert speakers(tmp_path, body, (ANNA, MARY)) == ["Mary", "Anna", "Anna"]


def test_tag_thought_boundary_speech_aloud_stays_with_recency(tmp_path):
    body = INNER + '"Hello," said Tom.\n\n"Come in," she said.'
    assert speakers(tmp_path, body, (ANNA, MARY, TOM)) == ["Mary", "Tom", "Mary"]


def test_tag_thought_of_the_subject_just_named_is_hers(tmp_path):
    # Mary is the subject of the sentence just before: "she thought" is her own mind, not Anna's.
    body = INNER + 'Mary looked down at her roses and frowned.\n\n"They want rain," she thought.'
    assert speakers(tmp_path, body, (ANNA, MARY)) == ["Mary", "Mary"]


def test_tag_thought_boundary_a_she_between_keeps_the_protagonist(tmp_path):
    # A "she" after Mary's name may be anyone's: the thought is the protagonist's again.
    body = INNER + 'Mary went in, and she shut the gate behind her.\n\n"How odd," she thought.'
    assert speakers(tmp_path, body, (ANNA, MARY)) == ["Mary", "Anna"]


def test_tag_thought_boundary_a_protagonist_out_of_the_scene_thinks_nothing(tmp_path):
    # Anna is the one the story follows, but she is not named in the last 1,500 characters:
    # the scene is Mary's alone, and "she thought" is the pronoun's own first candidate, Mary.
    away = "The lane ran on between wet hedges, and the wind came over the hill. " * 24
    body = INNER + away + '\n\nMary went in, and she shut the gate behind her.\n\n"How odd," she thought.'
    assert speakers(tmp_path, body, (ANNA, MARY)) == ["Mary", "Mary"]


MARY = Character("Mary", (), FEMALE)
_LETTER = """Anna sat by the fire and read her book. The door opened and let in the cold air of the
lane, and the postman brought a letter for Mary.

"It is from Tom," she said.

The fire crackled in the grate.

"Then read it to me{call}," said Anna."""


def test_tag_pronoun_recency_and_the_turns_agree_against_an_older_subject(tmp_path):
    # "she" would be Anna, the subject named first; Mary, named since, answers to her name in
    # the next turn: recency and the conversation agree, so it is Mary
    assert speakers(tmp_path, _LETTER.format(call=", Mary"), (TOM, ANNA, MARY)) == ["Mary", "Anna"]


def test_tag_pronoun_recency_boundary_the_turns_do_not_agree(tmp_path):
    # nothing in the turns speaks for Mary: "she" stays the subject named first
    assert speakers(tmp_path, _LETTER.format(call=""), (TOM, ANNA, MARY)) == ["Anna", "Anna"]


def _passed_over_turn():
    from talecast.attribute.mentions import _Ref
    from talecast.attribute.turns import _Turn
    t = _Turn(0, [0], [1], ["tag"], set(), None, 0, False, False)  # "he said": Bill, passing over Tom
    t.tags = [_Ref((0, 1), False, (0, 1), pronoun=True)]
    t.stages = {0: "passed-over"}
    return t


def test_tag_pronoun_pass_over_yields_when_the_turns_speak_for_the_first():
    from talecast.attribute.conversation import _agreeing_recency
    t = _passed_over_turn()
    assert _agreeing_recency([t], [{0: 5.0, 1: 4.0}], _Salience())
    assert t.speakers == [0]


def test_tag_pronoun_pass_over_boundary_the_turns_agree_with_it():
    from talecast.attribute.conversation import _agreeing_recency
    t = _passed_over_turn()
    assert not _agreeing_recency([t], [{0: 3.0, 1: 4.0}], _Salience())
    assert t.speakers == [1]


def test_tag_name_then_verb(tmp_path):
    assert speakers(tmp_path, '"I will," Tom promised.') == ["Tom"]


def test_tag_a_given_name_the_cast_leaves_out_before_its_name(tmp_path):
    # the cast writes "Hale" alone; "Buck" is an ordinary word of the text ("a buck ran"):
    # "said Buck Hale" and "Buck Hale said." are tags of Hale (were salience and the actor)
    hale = Character("Hale", (), MALE)
    body = ('A buck ran into the wood. Hale stood on the steps with Tom.\n\n'
            '"Come up," said Tom.\n\n"I am coming," said Buck Hale.\n\n'
            '"Good," Buck Hale said. "Then wait."')
    segs = [s for s in script_of(tmp_path, body, characters=(TOM, hale)).segments if s.kind == "dialogue"]
    assert [(s.guess, s.rule) for s in segs[:3]] == [("Tom", "tag"), ("Hale", "tag"), ("Hale", "tag")]


def test_tag_given_name_boundary_no_cast_name_after_it(tmp_path):
    # "said Buck Rogers": the word after "Buck" names nobody of the cast, so the tag names
    # nobody either (Hale, the cast's one family name, is not read into it)
    hale = Character("Hale", (), MALE)
    body = ('A buck ran into the wood. Hale stood on the steps with Tom.\n\n"Come up," said Tom.\n\n'
            '"I am coming," said Buck Rogers.')
    segs = [s for s in script_of(tmp_path, body, characters=(TOM, hale)).segments if s.kind == "dialogue"]
    assert segs[1].rule != "tag"


def test_tag_a_name_ending_in_ly_after_the_verb_is_no_adverb(tmp_path):
    # "said Emily" (like "said Sally", "said Billy"): a capitalised word ending in -ly inside
    # the sentence is the name, not an adverb between the verb and the speaker ("said softly")
    emily = Character("Emily", (), FEMALE)
    body = 'Emily sat in the parlour. Tom came in.\n\n"Hello," said Tom.\n\n"Oh!" said Emily.'
    segs = [s for s in script_of(tmp_path, body, characters=(TOM, emily)).segments if s.kind == "dialogue"]
    assert [(s.guess, s.rule) for s in segs] == [("Tom", "tag"), ("Emily", "tag")]


def test_tag_ly_boundary_an_adverb_after_the_verb_is_still_skipped(tmp_path):
    # an adverb in lower case between the verb and the name is passed over still
    body = 'Anna sat in the parlour. Tom came in.\n\n"Hello," said Anna.\n\n"Oh!" whispered gently Tom.'
    segs = [s for s in script_of(tmp_path, body).segments if s.kind == "dialogue"]
    assert [(s.guess, s.rule) for s in segs] == [("Anna", "tag"), ("Tom", "tag")]


def test_tag_name_parenthetical_verb(tmp_path):
    assert speakers(tmp_path, '"Perhaps," Anna, after a pause, replied.') == ["Anna"]


def test_tag_inverted_pronoun_said_he(tmp_path):
    body = 'Anna and Tom walked on.\n\n"Not yet," said he.'
    assert speakers(tmp_path, body) == ["Tom"]


def test_tag_pronoun_resolves_to_latest_character_of_its_gender(tmp_path):
    body = 'Tom came in. Anna looked up from her book.\n\n"You are late," she murmured.'
    assert speakers(tmp_path, body) == ["Anna"]


def test_tag_before_quote(tmp_path):
    body = 'Tom turned to the window. He said softly, "It is snowing."'
    assert speakers(tmp_path, body) == ["Tom"]


MARY = Character("Mary", (), FEMALE)


def test_tag_between_two_parts_of_a_quote_a_subordinate_clause_after_it_is_not_the_second_tag(tmp_path):
    # the tag between is the first part's; "when Anna returned" does not say who goes on
    body = ('Tom waited by the fire.\n\n"I hope," said Tom, when Anna returned, "that the '
            'train was not late."')
    assert speakers(tmp_path, body) == ["Tom", "Tom"]


def test_tag_between_two_parts_boundary_a_main_clause_is_the_second_tag(tmp_path):
    body = ('Tom waited by the fire.\n\n"I hope it was not late," said Tom, and Anna answered, '
            '"It was not."')
    assert speakers(tmp_path, body) == ["Tom", "Anna"]


def test_tag_between_two_parts_of_one_sentence_outweighs_a_verb_after_the_second(tmp_path):
    # "Hullo," cried Tom, "who is there?": one sentence; "Anna began to ..." is no tag of it
    body = ('The door shook.\n\n"Hullo," cried Tom, "who is there?" Anna began to hammer at '
            'the panels of the door.')
    assert speakers(tmp_path, body) == ["Tom", "Tom"]


def test_tag_between_two_parts_one_pronoun_tag_is_decided_once_for_both(tmp_path):
    # "she replied" answers the one Mary called (Anna); the part after the tag is hers too,
    # not the pronoun decided again without the call (Jane, named in the scene)
    jane = Character("Jane", (), FEMALE)
    body = ('Anna and Jane came in, and Mary rose.\n\n"You are late, Anna!" cried Mary.\n\n'
            '"No," she replied, "the clock is fast."')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY, jane))[1:] == ["Anna", "Anna"]


def test_tag_before_a_who_clause_gives_way_to_the_subject_of_a_later_clause(tmp_path):
    body = ('Tom looked at Anna, who smiled but said nothing, upon which Mary seemed struck by '
            'a new idea, and exclaimed:\n\n"Let us go to the sea!"')
    assert lines(tmp_path, body, [TOM, ANNA, MARY])[-1] == ("Let us go to the sea!", "Mary")


def test_tag_before_who_boundary_the_who_clause_is_the_verbs_own(tmp_path):
    body = 'Tom looked at Anna. Mary, who was braver than either, rose and exclaimed:\n\n"Let us go!"'
    assert lines(tmp_path, body, [TOM, ANNA, MARY])[-1] == ("Let us go!", "Mary")


def test_tag_before_a_colon_without_a_speech_verb_is_the_last_clauses_subject(tmp_path):
    body = ('Anna, however, made no answer, and Mary, who was braver than either, plunged in '
            'without preface:\n\n"You must both come."')
    assert lines(tmp_path, body, [TOM, ANNA, MARY])[-1] == ("You must both come.", "Mary")


def test_tag_before_colon_boundary_a_who_clause_inside_a_participle_names_no_speaker(tmp_path):
    # the he/she after the who-clause is the subject: the one the who-clause follows is not
    body = ('Anna came down late. Then, turning sharply to Tom and Bill, who were walking behind '
            'us, she rapped out:\n\n"Why are you here?"')
    sc = script_of(tmp_path, body, [TOM, ANNA, BILL])
    last = [s for s in sc.segments if s.kind == "dialogue"][-1]
    assert not (last.rule == "tag" and last.guess == "Bill")


def test_tag_before_by_saying_is_said_by_the_subject_of_the_clause_it_ends(tmp_path):
    body = ('Anna had meant to speak first, and she only waited for breath to begin, when Tom '
            'startled her, by saying,\n\n"I have sold the house."')
    assert lines(tmp_path, body, [TOM, ANNA])[-1] == ("I have sold the house.", "Tom")


def test_tag_before_by_saying_boundary_a_bare_participle_is_the_main_clauses(tmp_path):
    body = 'Mary sat by the fire. When Tom came in, Anna rose, saying,\n\n"You are late."'
    assert lines(tmp_path, body, [TOM, ANNA, MARY])[-1] == ("You are late.", "Anna")


def test_tag_description_his_wife(tmp_path):
    body = 'Tom sat by the fire with Anna.\n\n"Is it late?" cried his wife.'
    assert speakers(tmp_path, body) == ["Anna"]


def test_tag_first_person_narrator(tmp_path):
    story = " ".join(["I walked to the door and I looked out."] * 12)
    body = story + '\n\n"Good evening, Watson," said Holmes.\n\n"Good evening," said I.'
    cast = [Character("Holmes", (), MALE), Character("Watson", (), MALE, narrator=True)]
    assert speakers(tmp_path, body, cast) == ["Holmes", "Watson"]


def test_tag_pronoun_never_resolves_to_someone_addressed(tmp_path):
    body = 'Tom and Bill sat down.\n\n"Bill, listen to me," he said.'
    assert speakers(tmp_path, body, (TOM, BILL)) == ["Tom"]


def test_tag_boundary_a_name_after_a_non_speech_verb_is_not_a_tag(tmp_path):
    # "saw Anna" names who was seen: the quote goes to the actor, Tom.
    body = 'Tom waited. "There you are." He saw Anna at last.'
    assert speakers(tmp_path, body) == ["Tom"]



def test_tag_alternation_passes_only_to_someone_of_the_pronouns_gender(tmp_path):
    # Kit (gender unknown) was just named, but "she" after Anna's line is still Anna.
    body = ('Anna read the label on the bottle that Kit had left.\n\n"Drink me," said Anna.\n\n'
            '"No, I will look first," she said.')
    kit = Character("Kit", (), UNKNOWN)
    assert speakers(tmp_path, body, (TOM, ANNA, kit)) == ["Anna", "Anna"]


def test_tag_alternation_boundary_another_woman_just_named_answers(tmp_path):
    body = 'Anna and Mary sat down.\n\n"Tea?" said Anna.\n\n"Please," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna", "Mary"]


GREYS = (Character("Mr. Grey", (), MALE), Character("Mrs. Grey", (), FEMALE),
         Character("Anna Grey", ("Anna",), FEMALE))


def test_tag_his_wife_is_the_mrs_of_his_family_even_if_not_named_lately(tmp_path):
    body = ('Anna Grey talked for a long while with her father, Mr. Grey, about the roads.\n\n'
            '"My dear Mr. Grey," said his wife to him, "have you heard the news?"')
    assert speakers(tmp_path, body, GREYS) == ["Mrs. Grey", "Mrs. Grey"]


def test_tag_his_wife_boundary_no_mrs_of_that_family(tmp_path):
    # Without a Mrs. Grey in the cast the wife is the woman at hand.
    body = ('Anna Grey talked for a long while with Mr. Grey about the roads.\n\n'
            '"My dear Mr. Grey," said his wife to him, "have you heard the news?"')
    cast = (GREYS[0], GREYS[2])
    assert speakers(tmp_path, body, cast) == ["Anna Grey", "Anna Grey"]


LEES = (Character("Anna Lee", ("Miss Lee",), FEMALE), Character("Mr. Lee", (), MALE),
        Character("Mrs. Grey", (), FEMALE), Character("Mr. Grey", (), MALE))


def test_tag_her_husband_is_no_husband_of_a_miss(tmp_path):
    # "her" would be Anna, who spoke last; a Miss has no husband (Mr. Lee is her father): the
    # owner is the married woman at hand, and her husband Mr. Grey.
    body = ('Mr. Grey and Mr. Lee stood by the fire. Mrs. Grey looked round the room.\n\n'
            '"This paper is dirty," said Mrs. Grey.\n\n"Dear me," said Anna.\n\n'
            '"My dear, you are too particular," said her husband.')
    assert speakers(tmp_path, body, LEES)[-1] == "Mr. Grey"


def test_tag_her_husband_boundary_a_married_owner_keeps_hers(tmp_path):
    body = ('Mr. Grey and Mr. Lee stood by the fire. Anna looked round the room.\n\n'
            '"Dear me," said Anna.\n\n"This paper is dirty," said Mrs. Grey.\n\n'
            '"My dear, you are too particular," said her husband.')
    assert speakers(tmp_path, body, LEES)[-1] == "Mr. Grey"


MARY = Character("Mary", (), FEMALE)


MR_SMITH = Character("Mr. Smith", (), MALE)
MRS_SMITH = Character("Mrs. Smith", (), FEMALE)
MR_BROWN = Character("Mr. Brown", (), MALE)


def test_tag_her_father_is_the_mr_of_a_family_the_text_gives_her(tmp_path):
    body = ('Anna Smith lived at home. Everyone knew Anna Smith. Mr. Smith was out.\n\n'
            'Mr. Brown came in and sat by Anna.\n\n"You are late," said her father.')
    assert speakers(tmp_path, body, (MR_BROWN, ANNA, MR_SMITH, MRS_SMITH))[-1] == "Mr. Smith"


def test_tag_her_father_boundary_a_family_written_once_is_not_learned(tmp_path):
    body = ('Anna Smith lived at home. Mr. Smith was out.\n\n'
            'Mr. Brown came in and sat by Anna.\n\n"You are late," said her father.')
    assert speakers(tmp_path, body, (MR_BROWN, ANNA, MR_SMITH, MRS_SMITH))[-1] == "Mr. Brown"


def test_tag_her_uncle_boundary_is_not_the_mr_of_her_own_family(tmp_path):
    uncle = Character("Mr. Gardner", (), MALE)
    anna = Character("Anna Smith", ("Anna",), FEMALE)
    body = ('Mr. Smith stayed at home. Mr. Gardner took Anna out for a walk.\n\n'
            '"What a fine day," said her uncle.')
    assert speakers(tmp_path, body, (anna, MR_SMITH, MRS_SMITH, uncle)) == ["Mr. Gardner"]


def test_tag_pronoun_skips_the_subject_of_a_subordinate_clause(tmp_path):
    # Mary is the subject of "that Mary was tired", but the sentence is about Anna.
    body = 'Anna saw that Mary was tired.\n\n"Let us go home," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna"]


def test_tag_pronoun_boundary_a_main_clause_subject_is_the_latest(tmp_path):
    body = 'Anna looked up. Mary was tired.\n\n"Let us go home," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]


def test_tag_pronoun_a_subject_with_an_aside_before_its_verb(tmp_path):
    # "Mary, however, turned away": Mary is the subject, the aside between her and her verb.
    body = 'Anna looked at the sea. Mary, however, turned away.\n\n"It is cold," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]


def test_tag_pronoun_a_subject_with_an_apposition_before_its_verb(tmp_path):
    # "Sam, the old poet, connected the events": Sam is the subject, his apposition between.
    body = ('Jim looked at the sea. Sam, the old poet, connected the two events.\n\n'
            '"It may well be," he said.')
    assert speakers(tmp_path, body, (TOM, ANNA, JIM, SAM)) == ["Sam"]


def test_tag_pronoun_apposition_boundary_a_list_of_names(tmp_path):
    # "Sam, the old poet, and Jim": a list, not a subject and its verb; Jim acted last.
    body = ('Tom sat down. Sam, the old poet, and Jim walked on.\n\n'
            '"It may well be," he said.')
    assert speakers(tmp_path, body, (TOM, ANNA, JIM, SAM)) == ["Jim"]


def test_tag_pronoun_not_the_subject_of_a_how_often_clause(tmp_path):
    # "remembering how often Tom had said so": Tom is the subject of a clause inside the
    # sentence, not what the narration is about; Jim is the "he".
    body = 'Jim sat down, remembering how often Tom had said so.\n\n"It is late," he said.'
    assert speakers(tmp_path, body, (TOM, ANNA, JIM)) == ["Jim"]


def test_tag_pronoun_how_often_boundary_a_main_clause_subject(tmp_path):
    body = 'Jim sat down. Often Tom had said so.\n\n"It is late," he said.'
    assert speakers(tmp_path, body, (TOM, ANNA, JIM)) == ["Tom"]


def test_tag_pronoun_the_name_a_sentence_ends_with_after_was(tmp_path):
    # "The lady at the window was Anna.": the sentence is about Anna, the next "she".
    body = 'Mary stood by the door. The lady at the window was Anna.\n\n"It is late," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna"]


def test_tag_pronoun_was_name_boundary_a_name_after_another_word(tmp_path):
    body = 'Mary stood by the door. She looked at Anna.\n\n"It is late," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]


def test_tag_pronoun_aside_boundary_the_name_is_no_subject_after_it(tmp_path):
    # "Beside Mary, however, the dog lay": the aside follows a name that is not the subject.
    body = 'Anna looked at the sea. Beside Mary, however, the dog lay asleep.\n\n"It is cold," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna"]


def test_tag_pronoun_both_names_of_a_compound_subject_are_subjects(tmp_path):
    # "Anna and Tom walked to the gate": Anna is a subject too, after Mary, not a name
    # the narration only mentions.
    body = 'Mary stood by the door. Anna and Tom walked to the gate.\n\n"It is late," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna"]


def test_tag_pronoun_compound_boundary_two_names_after_a_preposition(tmp_path):
    # "between Anna and Tom.": two names the sentence ends with, no subject; Mary is.
    body = 'Mary stood by the door, between Anna and Tom.\n\n"It is late," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]


def test_tag_pronoun_the_topic_as_for_brings_in(tmp_path):
    # "As for Anna, she had stopped": Anna is what the sentence is about.
    body = 'Mary walked on. As for Anna, she had stopped.\n\n"It is late," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna"]


def test_tag_pronoun_as_for_boundary_no_topic_without_its_comma(tmp_path):
    # "as much for Tom as for Anna.": no topic, Mary is the subject.
    body = 'Mary had done as much for Tom as for Anna.\n\n"It is late," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]


def test_tag_pronoun_a_name_before_a_subordinator_is_no_subject(tmp_path):
    # "waited for Anna while the kettle boiled": Anna ends the clause as its object, "while"
    # is no verb of hers; Mary is the subject, and the "she" of the next tag.
    body = 'Mary sat down and waited for Anna while the kettle boiled.\n\n"It is late," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]


def test_tag_pronoun_subordinator_boundary_a_name_before_its_verb(tmp_path):
    # "Anna knew what had happened": the "what" follows her verb; Anna is the subject.
    body = 'Mary sat down. Anna knew what had happened.\n\n"It is late," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna"]


def test_tag_pronoun_a_name_before_an_adverb_of_direction_is_no_subject(tmp_path):
    # "and sent Anna away": Anna is the object, "away" no verb of hers; Mary is the "she".
    body = 'Mary stood up at last and sent Anna away.\n\n"It is late," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]


def test_tag_pronoun_adverb_boundary_a_name_before_its_verb(tmp_path):
    # "Anna went away": the adverb follows her verb; Anna is the subject.
    body = 'Mary stood up at last. Anna went away.\n\n"It is late," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna"]


def test_tag_pronoun_a_name_before_a_phrase_between_commas_is_a_subject(tmp_path):
    # "Anna, with a shawl over her arm, walked to the gate": Anna is the subject of "walked",
    # after Mary, and the "she" of the next tag.
    body = ('Mary stood by the door. Anna, with a shawl over her arm, walked to the gate.\n\n'
            '"It is late," she said.')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna"]


def test_tag_pronoun_phrase_between_commas_after_and_or_a_participle(tmp_path):
    # "and Anna, still holding the cup, went out": a clause of its own after "and".
    body = ('Mary stood by the door, and Anna, still holding the cup, went out.\n\n'
            '"It is late," she said.')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna"]


def test_tag_pronoun_phrase_between_commas_boundary_an_object(tmp_path):
    # "Mary took Anna, with a shawl over her arm, home": Anna is the object, Mary the subject.
    body = ('Tom sat down. Mary took Anna, with a shawl over her arm, home.\n\n'
            '"It is late," she said.')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]


def test_tag_pronoun_phrase_between_commas_boundary_a_preposition_after(tmp_path):
    # "Anna, with a shawl over her arm, in the garden": no verb after the phrase.
    body = ('Mary stood by the door, looking at Anna, with a shawl over her arm, in the garden.\n\n'
            '"It is late," she said.')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]


def test_tag_pronoun_the_name_a_description_is_called_by(tmp_path):
    # "The girl called Anna, who had hardly spoken, stood up": Anna opens the clause.
    body = ('Mary stood by the door. The girl called Anna, who had hardly spoken, stood up.\n\n'
            '"It is late," she said.')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna"]


JIM, SAM = Character("Jim", (), MALE), Character("Sam", (), MALE)


def test_tag_pronoun_after_an_exchange_goes_back_to_the_first_speaker(tmp_path):
    # A speaks, B answers, "he said": A again, though Jim and Sam were named since.
    body = ('"Ready?" said Tom.\n\n"Yes," said Bill, looking at Jim and Sam.\n\n'
            '"Then go," he said.')
    assert speakers(tmp_path, body, (TOM, BILL, JIM, SAM)) == ["Tom", "Bill", "Tom"]


def test_tag_pronoun_exchange_one_of_the_two_likeliest_goes_back(tmp_path):
    # Jim acted since Tom spoke, so the pronoun's likeliest are Jim, then Tom: A-B-A gives Tom.
    body = '"Ready?" said Tom.\n\n"Yes," said Anna. Jim laughed.\n\n"Then go," he said.'
    assert speakers(tmp_path, body, (TOM, ANNA, JIM)) == ["Tom", "Anna", "Tom"]


def test_tag_pronoun_exchange_boundary_not_the_third_likeliest(tmp_path):
    # Jim and Sam both acted since Tom spoke: Tom is only the third the pronoun may mean, and
    # "he" is the latest subject (A-B-A reaching that far back was wrong more often than right).
    body = '"Ready?" said Tom.\n\n"Yes," said Anna. Jim laughed and Sam shrugged.\n\n"Then go," he said.'
    assert speakers(tmp_path, body, (TOM, ANNA, JIM, SAM)) == ["Tom", "Anna", "Sam"]


LONG_AFTER = ('She rose and walked slowly to the window, where she stood for a long while looking '
              'out at the rain on the dark and empty road.')


def test_tag_pronoun_the_speaker_the_narration_goes_on_telling_of_speaks_again(tmp_path):
    # Anna's turn goes on at length about her: the next "she said" is Anna again, not passed
    # over for Mary as turn-taking would have it (A-B-A, when it applies, comes first).
    body = ('Anna and Mary sat by the fire.\n\n'
            f'"It is late," said Anna. {LONG_AFTER}\n\n"It will not stop tonight," she said.')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna", "Anna"]


def test_tag_pronoun_speaker_told_of_boundary_a_short_tag_still_alternates(tmp_path):
    body = ('Anna and Mary sat by the fire.\n\n'
            '"It is late," said Anna softly.\n\n"It will not stop tonight," she said.')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna", "Mary"]



def test_tag_pronoun_after_a_turn_its_own_pronoun_voiced_is_that_one_going_on(tmp_path):
    # No name between: the "she" of the turn before and this "she" are one chain, and Anna is
    # still the likeliest she, so she goes on rather than being passed over for Mary.
    body = ('Mary sat by the fire, and Anna came in from the garden.\n\n'
            '"It is cold out there," she said. She rubbed her hands.\n\n'
            '"Shall I light the lamp?" she asked.')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna", "Anna"]


def test_tag_pronoun_after_a_turn_a_name_voiced_boundary_still_alternates(tmp_path):
    # The turn before names its speaker: "she asked" after "said Anna" is the other woman.
    body = ('Mary sat by the fire, and Anna came in from the garden.\n\n'
            '"It is cold out there," said Anna. She rubbed her hands.\n\n'
            '"Shall I light the lamp?" she asked.')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna", "Mary"]

KATE = Character("Kate", (), FEMALE)


def test_tag_pronoun_after_a_name_tagging_its_own_paragraph_is_not_passed_over(tmp_path):
    # The next turn is Anna's; the she of the paragraph whose first quote Anna's name tags is
    # Anna too, not Kate for the turns to alternate.
    body = ('Kate and Anna sat by the fire.\n\n"Will you come to the fair?"\n\n'
            '"No," said Anna. "It is too far," she said.\n\n"Too far," Anna repeated.')
    assert speakers(tmp_path, body, (TOM, ANNA, KATE))[2:] == ["Anna", "Anna"]


def test_tag_pronoun_boundary_a_name_tagging_the_paragraph_before_is_passed_over(tmp_path):
    body = ('Kate and Anna sat by the fire.\n\n"Will you come to the fair?"\n\n'
            '"No," said Anna.\n\n"It is too far," she said.\n\n"Too far," Anna repeated.')
    assert speakers(tmp_path, body, (TOM, ANNA, KATE))[2:] == ["Kate", "Anna"]


_RED_CAP = ('Tom waited at the gate all the morning, while the rain came and went over the fields and the '
            'cows stood under the elms with their heads down, and nobody at all came by on the road from '
            'the mill until long after the church clock had struck eleven.\n\nThen a boy in a red cap ran '
            'past the gate.\n\n')


def test_tag_description_of_someone_unnamed_is_the_voice_its_paragraph_named_before(tmp_path):
    # "the boy" could be the unnamed boy brought in; in the paragraph Tom's name tags, he is Tom.
    body = _RED_CAP + '"You will come," said Tom. "It will be fine, and nobody will mind," cried the boy.'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Tom"]


def test_tag_description_boundary_someone_brought_in_by_a_is_never_the_named_voice(tmp_path):
    body = _RED_CAP + '"You will come," said Tom. "It will be fine, and nobody will mind," cried a man.'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", None]


def test_tag_description_boundary_in_a_paragraph_of_its_own_is_someone_unnamed(tmp_path):
    body = _RED_CAP + '"You will come," said Tom.\n\n"It will be fine, and nobody will mind," cried the boy.'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", None]


_DINNER = ('Dinner was on the table.--Anna, before she could be spoken to, was ready; and before Mr. Grey '
           'had reached her with his request to hand her into the dining-room, ')


def test_tag_lead_in_a_name_after_a_preposition_is_read_whole(tmp_path):
    # "before Mr. Grey": not "Grey" read again as the subject of "was saying"
    body = _DINNER + 'was saying--\n\n"Must I go first? I am ashamed of always leading the way."'
    grey = Character("Mr. Grey", (), MALE)
    assert speakers(tmp_path, body, (TOM, ANNA, grey)) == ["Anna"]


def test_tag_lead_in_boundary_a_name_opening_the_main_clause_is_its_subject(tmp_path):
    body = _DINNER + 'Kate was saying--\n\n"Must I go first? I am ashamed of always leading the way."'
    grey, kate = Character("Mr. Grey", (), MALE), Character("Kate", (), FEMALE)
    assert speakers(tmp_path, body, (TOM, ANNA, grey, kate)) == ["Kate"]


_GARDEN = 'Tom, Bill and Anna sat in the garden.\n\n'


def test_tag_words_burst_from_a_name(tmp_path):
    body = _GARDEN + '"Is it late?" asked Tom.\n\n"Oh, the wasps!" burst from Bill, with a laugh.'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Bill"]


def test_tag_words_burst_from_boundary_a_place_is_no_speaker(tmp_path):
    body = _GARDEN + '"Is it late?" asked Anna.\n\n"Oh, the wasps!" came from the back of the garden.'
    sc = script_of(tmp_path, body, (TOM, ANNA, BILL))
    assert [s.rule for s in sc.segments if s.kind == "dialogue"][1] != "tag"


def test_tag_pronoun_of_another_sex_than_its_paragraphs_named_voice_is_the_one_before_it(tmp_path):
    # Anna speaks; Tom's words burst out; "she went on": Anna again (A, B, A in a paragraph),
    # not Kate, named last.
    body = ('Anna and Kate sat in the garden with Tom.\n\n"He is very fond of her," said Anna.\n\n'
            '"Those wasps!" burst from Tom, with a laugh. It was Kate then. Slowly she went on, "You could ask her."')
    assert speakers(tmp_path, body, (TOM, ANNA, KATE)) == ["Anna", "Tom", "Anna"]


def test_tag_pronoun_boundary_of_its_paragraphs_named_voices_sex_is_that_voice(tmp_path):
    body = ('Anna and Kate sat in the garden with Tom.\n\n"He is very fond of her," said Anna.\n\n'
            '"Those wasps!" cried Kate, with a laugh. It was Anna then. Slowly she went on, "You could ask her."')
    assert speakers(tmp_path, body, (TOM, ANNA, KATE)) == ["Anna", "Kate", "Kate"]


_PIP_GARDEN = 'Tom, Bill, Anna and Pip sat in the garden.\n\n"Is it late?" asked Tom.\n\n"Very," said Anna.\n\n'


def test_tag_pronoun_of_a_later_quote_is_its_paragraphs_named_voice_of_unknown_sex(tmp_path):
    # Pip's sex is not known: "He ... whispered" in Pip's own paragraph is Pip, not Tom (the
    # latest man named before the paragraph).
    pip = Character("Pip", (), UNKNOWN)
    body = _PIP_GARDEN + '"Hush!" said Pip in a low voice. He looked over his shoulder, and whispered "They hear us."'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL, pip)) == ["Tom", "Anna", "Pip", "Pip"]


def test_tag_pronoun_boundary_another_named_subject_beside_the_later_quote(tmp_path):
    pip = Character("Pip", (), UNKNOWN)
    body = _PIP_GARDEN + '"Hush!" said Pip in a low voice. Tom looked up at once, and he whispered "They hear us."'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL, pip)) == ["Tom", "Anna", "Pip", "Tom"]


def test_tag_pronoun_exchange_boundary_the_first_speaker_is_of_the_other_gender(tmp_path):
    body = '"Ready?" said Anna.\n\n"Yes," said Bill.\n\n"Then go," he said.'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Anna", "Bill", "Bill"]


HERO = " ".join(["Anna walked on."] * 8)
FILLER = " ".join(["The road was long and the rain did not stop."] * 10)


def test_tag_pronoun_a_subject_just_named_beats_the_protagonist(tmp_path):
    body = f'{HERO} Mary shook her head.\n\n"No," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]


def test_tag_pronoun_boundary_the_protagonist_stays_salient_over_a_minor_one_named_long_ago(tmp_path):
    body = f'{HERO} Mary shook her head. {FILLER}\n\n"No," she said.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna"]


def test_tag_subject_far_from_the_verb_that_leads_into_the_quote(tmp_path):
    body = ('Anna was asked to sit down; but Tom, much offended, laid aside his book, and '
            'said,\n\n"You never read."')
    assert speakers(tmp_path, body) == ["Tom"]


def test_tag_subject_of_a_relative_clause_who_cried_out(tmp_path):
    body = 'Anna opened the door and met Mary, who, breathless, cried out,\n\n"Come quickly!"'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]


def test_tag_subject_boundary_a_name_after_a_preposition_is_not_the_subject(tmp_path):
    body = 'Turning to Anna, Tom smiled and said,\n\n"You never read."'
    assert speakers(tmp_path, body) == ["Tom"]


def test_tag_subject_a_pronoun_opening_the_last_clause_beats_an_object_before_it(tmp_path):
    body = ('Tom had been out all day. Anna sat alone; when hearing her brother come in, '
            'she turned towards him and '
            'said,\n\n"You are late."')
    assert speakers(tmp_path, body) == ["Anna"]


def test_tag_subject_boundary_a_pronoun_object_is_not_the_subject(tmp_path):
    body = 'Tom, hearing her come in, laid aside his book and said,\n\n"You are late."'
    assert speakers(tmp_path, body) == ["Tom"]


def test_tag_a_description_after_addressed_is_the_listener(tmp_path):
    body = ('Tom found Anna and Mary together, and he addressed the mother in these '
            'words,\n\n"May I speak with your daughter?"')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Tom"]


def test_tag_listener_verb_boundary_a_name_after_it_still_speaks(tmp_path):
    body = 'Tom looked up from his book. Then asked Mary:\n\n"Is it late?"'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]


def test_tag_a_manner_phrase_between_verb_and_quote_who_said_in_a_low_voice(tmp_path):
    body = 'Tom looked up at Anna, who said in a low voice, "Come here."'
    assert speakers(tmp_path, body) == ["Anna"]


def test_tag_manner_boundary_a_phrase_after_another_verb_is_no_tag(tmp_path):
    body = 'Tom looked up at Anna, who sat in a low chair, "Come here."'
    assert speakers(tmp_path, body) == ["Tom"]


def test_tag_lead_in_after_a_paragraph_with_a_quote(tmp_path):
    body = '"Come here," said Tom to Anna. Then Mary called out,\n\n"Wait for me!"'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Tom", "Mary"]


def test_tag_lead_in_boundary_a_paragraph_ending_in_a_full_stop_leads_nowhere(tmp_path):
    body = '"Come here," said Tom to Anna. Then Mary sat down.\n\n"Wait for me!"'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Tom", "Anna"]


def test_tag_lead_in_a_sentence_ending_with_a_speech_verb(tmp_path):
    body = '"Well?" said Tom.\n\n"No," said Anna. A pause followed, and Mary began again.\n\n"I have more."'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY))[-1] == "Mary"


def test_tag_lead_in_a_narration_paragraph_ending_with_a_speech_verb(tmp_path):
    body = ('Tom sat down with Anna and Mary. Mary walked off, and as soon as she was gone '
            'Tom thus began.\n\n"Believe me, you are wrong."')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Tom"]


def test_tag_lead_in_the_nearest_clause_subject_says_it(tmp_path):
    # The verb ending the sentence is said by the subject of its own clause, not the
    # sentence's first name: "..., that Tom could not help saying,"; "said Tom, and Anna,
    # after thinking a moment, said:"; "While he talked to her, however, Anna found ...".
    body = ('Anna and Tom sat by the fire.\n\n"It is cold," said Tom.\n\n'
            'While he talked to her, however, Anna found an opportunity of saying,\n\n'
            '"The sooner we go, the better."\n\n"Yes," said Tom.\n\n'
            'Anna laughed so heartily at the thought, that Tom could not help saying,\n\n'
            '"It was a comfort to you."\n\n"Oh, no," cried Anna.\n\n'
            '"By the river," said Tom, and Anna, after thinking for a moment, said:\n\n'
            '"I shall wait another hour."')
    said = speakers(tmp_path, body)
    assert said[1] == "Anna" and said[3] == "Tom" and said[6] == "Anna"


def test_tag_lead_in_the_clause_subject_after_a_subordinator_an_adverb_or_an_aside(tmp_path):
    # "while Anna replied, that it was, adding," (a participle: her clause goes on); "Mary at
    # once explained ... by saying:"; "Anna, always blunt, boisterously exclaimed,".
    mary = Character("Mary", (), FEMALE)
    body = ('Tom, Anna and Mary stood in the hall.\n\n"Is he at home?" said Tom.\n\n'
            'Tom turned away in alarm, while Anna replied, that he was, adding, "He comes down at six."\n\n'
            '"Then we wait," said Tom.\n\nThe door opened, and Mary at once explained the noise by saying:\n\n'
            '"The dog is out."\n\n"Oh," said Tom.\n\nTom was mistaken, and Anna, always blunt and often rude, '
            'boisterously exclaimed,\n\n"You never listen!"')
    said = speakers(tmp_path, body, (TOM, ANNA, mary))
    assert said[1] == "Anna" and said[3] == "Mary" and said[5] == "Anna"


def test_tag_lead_in_a_verb_after_a_semicolon_goes_on_with_the_clause_before(tmp_path):
    # "When Bill had gone, Tom crossed over; and walking close up to Anna, said,": the verb
    # after the semicolon has no subject of its own; the main clause before it gives the
    # speaker (not Bill, the sentence's first subject).
    body = ('Tom and Anna and Bill stood in the lane.\n\n"It is late," said Bill.\n\n'
            '"Not yet," said Anna.\n\n'
            'When Bill had gone, Tom crossed over; and walking close up to Anna, said,\n\n"Come home."')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL))[-1] == "Tom"


def test_tag_lead_in_boundary_a_semicolon_clause_with_its_own_subject(tmp_path):
    # "When Anna had gone, Tom crossed over; and Bill, walking close up to him, said,": the
    # clause after the semicolon names its own subject, who says it.
    body = ('Tom and Anna and Bill stood in the lane.\n\n"It is late," said Bill.\n\n'
            '"Not yet," said Anna.\n\n'
            'When Anna had gone, Tom crossed over; and Bill, walking close up to him, said,\n\n"Come home."')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL))[-1] == "Bill"


def test_tag_lead_in_boundary_a_subordinate_clause_with_its_own_verb(tmp_path):
    # "Tom, when Anna came in, said:": Anna's clause has its own verb; Tom says it.
    body = '"Well?" said Anna.\n\nTom, when Anna came in, said:\n\n"Sit down."'
    assert speakers(tmp_path, body)[-1] == "Tom"


def test_tag_a_name_leading_in_beats_a_pronoun_after(tmp_path):
    # 'and Anna exclaimed, "Very fine," she added': the name leading into the quote decides.
    mary = Character("Mary", (), FEMALE)
    body = ('Tom and Anna sat by the window, and Mary came in.\n\n"Look," said Mary.\n\n'
            'They were startled, and Anna exclaimed, "A sacrifice! Very fine," she added quickly.')
    assert speakers(tmp_path, body, (TOM, ANNA, mary))[-1] == "Anna"


def test_tag_lead_in_boundary_a_that_clause_closed_before_the_verb(tmp_path):
    # "suggesting that Tom never ought to come, ..., now said:": Tom's clause is inside the
    # one the verb ends; the sentence's subject says it.
    body = ('"Ouch," said Tom.\n\nAnna, instead of laughing, suggesting that Tom never ought to come '
            'into a boat with feet that size, and smiling at him, now said:\n\n"I am so sorry."')
    assert speakers(tmp_path, body)[-1] == "Anna"


def test_tag_lead_in_boundary_a_name_in_brackets_or_before_it_said(tmp_path):
    # "(with anger, Anna thought)" is an aside; "and it said" has a subject that is no name:
    # the sentence's subject says it, as before.
    body = ('"Stay," said Anna.\n\nWhen Tom heard this, he turned round: his face was pale '
            '(with anger, Anna thought), and it said in a low voice,\n\n"Let us go home."')
    assert speakers(tmp_path, body)[-1] == "Tom"


def test_tag_more_speech_verbs_drawled_snarled_queried(tmp_path):
    # "Mary looked at him and drawled," leads into the quote as "and said," does.
    mary = Character("Mary", (), FEMALE)
    body = ('Tom and Anna sat by the fire.\n\n"Well?" said Tom.\n\n"Nothing," said Anna.\n\n'
            '"Go away," said Mary.\n\n"Why?" said Tom.\n\nMary looked at him and drawled,\n\n'
            '"Because I say so."\n\nAnna turned to Tom, and then queried:\n\n"And you?"')
    said = [(s.guess, s.rule) for s in script_of(tmp_path, body, (TOM, ANNA, mary)).segments
            if s.kind == "dialogue"]
    assert said[4:] == [("Mary", "tag"), ("Anna", "tag")]


def test_tag_more_speech_verbs_boundary_a_thing_that_howls_is_no_speaker(tmp_path):
    body = '"Listen," said Tom. The wind howled.\n\n"It is late," said Anna.'
    assert speakers(tmp_path, body) == ["Tom", "Anna"]


def test_tag_broke_in_put_in_and_a_pluperfect_are_tags(tmp_path):
    body = ('"Well?" said Tom.\n\n"No, no," Mary broke in.\n\n"It is late," Anna had replied, '
            'although she did not know.\n\n"Go on," Mary put in, "we are listening."')
    sc = script_of(tmp_path, body, (TOM, ANNA, MARY))
    said = [(s.guess, s.rule) for s in sc.segments if s.kind == "dialogue"]
    assert said[1:4] == [("Mary", "tag"), ("Anna", "tag"), ("Mary", "tag")]


def test_tag_boundary_put_without_in_is_no_speech_verb(tmp_path):
    body = '"Well?" said Tom.\n\n"Here," Mary put the cup down.\n\n"Thanks," said Anna.'
    said = [(s.guess, s.rule) for s in script_of(tmp_path, body, (TOM, ANNA, MARY)).segments
            if s.kind == "dialogue"]
    assert said[1][1] != "tag"


def test_tag_lead_in_a_paragraph_that_lost_its_dash(tmp_path):
    # "then Mary said, looking out to sea--" with the dash gone: no stop at all leads in.
    body = ('"Well?" said Tom.\n\n"No," said Anna.\n\nThere was a long silence, and then Mary '
            'said, looking out over the grey sea \n\n"We shall all be dead soon."\n\n'
            'Tom turned to her and said \n\n"You are hopeless, then?"')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY))[-2:] == ["Mary", "Tom"]


def test_tag_lead_in_boundary_no_stop_and_no_speech_verb_leads_nowhere(tmp_path):
    body = ('"Well?" said Tom.\n\n"No," said Anna.\n\nThen Mary walked to the window and looked '
            'out over the grey sea \n\n"We shall all be dead soon."')
    last = [s for s in script_of(tmp_path, body, (TOM, ANNA, MARY)).segments if s.kind == "dialogue"][-1]
    assert last.rule != "tag"  # the narration's subject may still answer, but not as a tag


def test_tag_lead_in_boundary_a_gesture_ending_the_paragraph_leads_nowhere(tmp_path):
    body = ('"Well?" said Anna.\n\n"It was a pleasant day," said Tom.\n\nMary smiled.\n\n'
            '"You must not smile so."')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY))[-1] != "Mary"


def test_tag_lead_in_boundary_the_tag_of_the_quote_before_leads_nowhere(tmp_path):
    body = '"Well?" said Tom.\n\n"No," Anna replied.\n\n"I have more."'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Tom", "Anna", "Tom"]


def test_tag_pronoun_after_a_relative_as_subject_her_mother(tmp_path):
    body = 'Anna Grey came home. Her mother was too happy to listen.\n\n"I will go to town," said she.'
    assert speakers(tmp_path, body, GREYS) == ["Mrs. Grey"]


def test_tag_pronoun_boundary_her_face_is_no_person(tmp_path):
    body = 'Anna Grey came home. Her face was too pale.\n\n"I will go to town," said she.'
    assert speakers(tmp_path, body, GREYS) == ["Anna Grey"]


# A he/she opening a sentence is nobody the rest of its clause names (clues._apart).
_APART = 'Anna came into the kitchen. Mary stood up and smiled. With one bound she crossed the floor and {}'


def test_tag_pronoun_is_not_the_one_its_narration_chain_acts_on(tmp_path):
    # Mary is the latest subject, but the she who crossed the floor stood before Mary
    body = _APART.format('stood before Mary, her face red.\n\n"I hate you," she cried.')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna"]
    body = 'Tom sat by the fire. Jim came in. He could not look at Jim.\n\n"You are late," he said.'
    assert speakers(tmp_path, body, (TOM, JIM, ANNA)) == ["Tom"]


_ACROSS = ("Anna talked with Tom by the fire. Mary was asleep in her chair. "
           "She could not take her eyes off Mary.\n\n"
           'After a pause, he said: "I am not in love with you."\n\n{}"I did not think that," she replied.')


def test_tag_pronoun_apart_goes_on_across_the_turn_of_a_he(tmp_path):
    # the she who watched Mary is not Mary, though Mary is the latest subject; Tom's turn
    # comes between, and she answers him
    assert speakers(tmp_path, _ACROSS.format(""), (TOM, ANNA, MARY)) == ["Tom", "Anna"]


def test_tag_pronoun_apart_across_turns_boundary_the_narration_names_her_as_a_subject(tmp_path):
    assert speakers(tmp_path, _ACROSS.format("Mary laughed.\n\n"), (TOM, ANNA, MARY)) == ["Tom", "Mary"]


def test_tag_pronoun_apart_boundary_nobody_named_after_the_pronoun(tmp_path):
    body = _APART.format('stood by the window, her face red.\n\n"I hate you," she cried.')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]


def test_tag_pronoun_apart_boundary_a_new_subject_starts_the_chain_again(tmp_path):
    body = _APART.format('stood before Mary. Mary turned pale.\n\n"I hate you," she cried.')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]
    body = 'Tom sat by the fire. Jim came in. He was Jim Hale, the new clerk.\n\n"You are late," he said.'
    assert speakers(tmp_path, body, (TOM, Character("Jim Hale", ("Jim",), MALE), ANNA)) == ["Jim Hale"]


# Round 12: inside the he/she's own clause, a name that opens no clause of its own (a
# possessive, an object the record reads as a subject) does not start the chain again.
_OWN_CLAUSE = '"Go," said Tom.\n\nWhen Mary came up the lamp was out.\n\n{}\n\n"Good night," she said.'


def test_tag_pronoun_apart_a_possessive_in_the_pronouns_clause_is_not_the_pronoun(tmp_path):
    # Anna is the latest name, but the she who picked up Anna's gloves is not Anna
    body = _OWN_CLAUSE.format("She picked up Anna's gloves and went over to the bed.")
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Tom", "Mary"]


def test_tag_pronoun_apart_an_object_in_the_pronouns_clause_is_not_a_new_subject(tmp_path):
    body = _OWN_CLAUSE.format("She took Anna aside.")
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Tom", "Mary"]


def test_tag_pronoun_own_clause_boundary_a_name_opening_a_clause_starts_the_chain_again(tmp_path):
    for mid in ("Anna's face fell.", "She nodded, and Anna went out."):
        assert speakers(tmp_path, _OWN_CLAUSE.format(mid), (TOM, ANNA, MARY)) == ["Tom", "Anna"]


_TAG_SENTENCE = '"Go," said Tom.\n\nMary looked up. Then Anna went to the window.\n\n"I do not see," she said{}'


def test_tag_pronoun_is_nobody_the_rest_of_its_sentence_names(tmp_path):
    # "as if Anna had asked her": a subordinate clause of the tag's own sentence, and not the she
    body = _TAG_SENTENCE.format(", as if Anna had asked her.")
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Tom", "Mary"]


def test_tag_pronoun_tag_sentence_boundary_nobody_named_after_the_tag(tmp_path):
    body = _TAG_SENTENCE.format(", as if she had been asked.")
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Tom", "Anna"]

def test_tag_verb_in_ing_form_leads_into_the_quote(tmp_path):
    # "panted" (and -ing forms: "muttering,") are speech verbs too; without it the paragraph's
    # tagged voice (Tom) would take "What rain?" as well.
    body = ('"Run!" said Tom.\n\n"What rain?" Anna panted as she ran; but Tom only answered "Come on!"\n\n'
            'Tom stopped at the gate. Anna came after him, muttering, "It is not raining."')
    assert speakers(tmp_path, body) == ["Tom", "Anna", "Tom", "Anna"]


def test_tag_who_after_a_short_place_phrase(tmp_path):
    # "met Anna in the hall, who ... cried out,": Anna, not the sentence's subject Tom.
    body = 'Tom opened the door and met Anna in the hall, who, breathless, cried out, "Come quickly!"'
    assert speakers(tmp_path, body) == ["Anna"]


def test_tag_who_boundary_a_long_phrase_hides_the_name(tmp_path):
    # Seven words between the name and "who": too far, the sentence's subject speaks.
    body = ('Tom opened the door and met Anna in the hall of the old grey house, who, breathless, '
            'cried out, "Come quickly!"')
    assert speakers(tmp_path, body) == ["Tom"]


# --- rule 2: the paragraph's other quotes ----------------------------------------

def test_paragraph_quote_continues_after_speech_tag(tmp_path):
    body = '"Wait," said Tom, "I have more to say."'
    assert speakers(tmp_path, body) == ["Tom", "Tom"]


def test_paragraph_two_tags_two_speakers(tmp_path):
    body = '"Yes," said Tom. "No," said Anna.'
    assert speakers(tmp_path, body) == ["Tom", "Anna"]


def test_paragraph_of_two_quotes_as_near_the_one_less_narration_stands_apart_from(tmp_path):
    # The second quote is one from each tagged quote; the narration between it and the third
    # tells at length: it goes on the first one's speaker.
    body = ('"The lamp is out," said Tom, as soon as the door shut. "I will fetch another." '
            'Anna had her doubts about the lamp and about much else that evening, and she walked '
            'twice round the table before she sat down at last. "But where is the oil?" asked Anna.')
    assert speakers(tmp_path, body) == ["Tom", "Tom", "Anna"]


def test_paragraph_boundary_of_two_as_near_the_later_one_when_less_narration_before_it(tmp_path):
    body = ('"The lamp is out," said Tom, as soon as the door of the cold kitchen had shut behind him. '
            '"I will fetch another." Anna frowned. "But where is the oil?" asked Anna.')
    assert speakers(tmp_path, body) == ["Tom", "Anna", "Anna"]


# --- rule 3: quotations continued over paragraphs ----------------------------------

def test_continued_quotation_keeps_its_speaker(tmp_path):
    body = ('Anna stood up.\n\n"Tom, listen," said Anna, "this is a long story.\n\n'
            '"It goes on in another paragraph, as long speeches do."\n\n"I see," said Tom.')
    assert speakers(tmp_path, body) == ["Anna", "Anna", "Anna", "Tom"]



def test_continued_quotation_keeps_a_speaker_found_by_turn_taking(tmp_path):
    # The story's first paragraph is Tom's by alternation; its open quotation runs on.
    body = ('"Tell me," said Anna.\n\n"Well," said Tom.\n\n"Go on."\n\n'
            '"It was long ago. We lived by the sea.\n\n"Then the storm came.\n\n"And that was all."')
    assert speakers(tmp_path, body) == ["Anna", "Tom", "Anna", "Tom", "Tom", "Tom"]


def test_continued_boundary_a_closed_quotation_ends_the_turn(tmp_path):
    body = ('"Tell me," said Anna.\n\n"Well," said Tom.\n\n"Go on."\n\n'
            '"It was long ago. We lived by the sea."\n\n"Then the storm came?"')
    assert speakers(tmp_path, body) == ["Anna", "Tom", "Anna", "Tom", "Anna"]

# --- rule 4: the paragraph's actor ---------------------------------------------------

def test_actor_before_the_quote(tmp_path):
    body = 'Tom shook his head. "Not until you breathe."'
    assert speakers(tmp_path, body) == ["Tom"]


_GATE = "Tom and Anna sat in the garden, and Bill stood at the gate.\n\n"


def test_actor_heard_the_one_heard_speaking_says_it_not_the_one_who_hears(tmp_path):
    body = _GATE + '"It is late," she heard Bill say, as he turned away.'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Bill"]


def test_actor_heard_a_later_sentence_hearing_someone_mutter(tmp_path):
    body = _GATE + '"It is late." Anna heard Bill mutter it as he turned away.'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Bill"]


def test_actor_heard_boundary_hearing_no_speech_keeps_the_hearer(tmp_path):
    body = _GATE + '"It is late." Anna heard the rain on the roof as she turned away.'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Anna"]


def test_tag_heard_a_lead_in_hearing_him_say_is_the_one_heard_not_the_hearer(tmp_path):
    # "Emma heard her saying to Jane,": the lead-in's subject hears; the pronoun after the verb
    # of hearing speaks (not the hearer, nor the one spoken to).
    body = _GATE + 'Bill looked up at the sky. Anna heard him saying in a low voice to Tom,\n\n"It is late."'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Bill"]


def test_tag_heard_a_name_heard_in_a_paragraph_of_another_speaker(tmp_path):
    # "He heard Frank Churchill next say,": the second quote is Bill's, not the paragraph's Anna.
    body = _GATE + '"Go in," said Anna. Tom heard Bill next say, with a glance at her, "It is late."'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Anna", "Bill"]


def test_tag_heard_boundary_one_heard_to_say_is_the_speaker(tmp_path):
    # "And Frank Churchill was heard to say,": the passive names the speaker himself.
    body = _GATE + '"Go in," said Anna. And Bill was heard to say, "It is late."'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Anna", "Bill"]


def test_tag_heard_her_murmur_after_a_colon(tmp_path):
    # "He then heard her murmur:": the one heard, not the one the pronoun "She" is.
    body = _GATE + 'Bill looked up. For a moment Anna was silent. She then heard him murmur:\n\n"It is late."'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Bill"]


def test_tag_heard_boundary_hearing_nobody_speak_keeps_the_subject(tmp_path):
    body = _GATE + 'Anna heard the bell ring, and said,\n\n"It is late."'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Anna"]


def test_actor_last_clause_the_subject_of_the_clause_that_ends_the_sentence_speaks(tmp_path):
    # "The boy started to speak, but she checked him.": the one acting last, beside the words.
    body = ('Tom and Anna sat by the fire.\n\n'
            'He started to rise, but she held him back. "Stay where you are."')
    assert speakers(tmp_path, body) == ["Anna"]


def test_actor_last_clause_a_name_opening_the_last_clause(tmp_path):
    body = 'Anna sank back in her chair, and Tom took the paper on his knees. "Listen to this."'
    assert speakers(tmp_path, body) == ["Tom"]


def test_actor_last_clause_boundary_a_verb_alone_goes_on_with_the_clause_before(tmp_path):
    # "..., and pushed him to the door": no subject of its own; she still acts.
    body = ('Tom and Anna sat by the fire.\n\n'
            'He started to rise, but she took his arm, and pulled him down. "Stay where you are."')
    assert speakers(tmp_path, body) == ["Anna"]


def test_actor_last_clause_boundary_a_clause_with_no_subject_we_read_keeps_the_first(tmp_path):
    # "; and when the door shut, this was ...": the last clause opens with no subject, so
    # the sentence's first subject acts, not the subject of a clause before it (Tom).
    body = 'Anna looked up, but Tom was gone; and when the door shut, this was all she said. "He will be back."'
    assert speakers(tmp_path, body) == ["Anna"]


def test_actor_last_clause_past_a_subordinate_clause_a_comma_ends(tmp_path):
    # "; and when Mary came in, Anna put down ...": the subject of the main clause, not Tom.
    body = ('Tom and Anna sat by the fire.\n\nTom looked at the clock; and when Mary came in with '
            'the lamp, Anna put down her work. "At last."')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna"]


def test_actor_last_clause_past_an_adverb_or_a_phrase_between_commas(tmp_path):
    # "and even Lydia was too tired to utter more than ...", "; and, after seeing him, Emma ..."
    body = 'Tom yawned, and even Anna was too tired to utter more than a weary "Oh dear!" now and then.'
    assert speakers(tmp_path, body) == ["Anna"]
    body = 'Tom was as cheerful as ever; and, after seeing him go, Anna gave a sigh. "It will not do."'
    assert speakers(tmp_path, body) == ["Anna"]


def test_actor_last_clause_boundary_a_subordinate_clause_no_comma_ends(tmp_path):
    # "; and when Tom ended with ...": no comma shows where the main clause starts, so the
    # sentence's first subject acts.
    body = ('Anna looked at the clock; and when the rain stopped and the wind dropped and the '
            'long grey evening came on at last Tom rose. "Come."')
    assert speakers(tmp_path, body) == ["Anna"]


def test_actor_after_a_bare_statement_one_of_the_two_talking_waits_for_turn_taking(tmp_path):
    # '"I only came in for a cup of coffee." Robert's face was flushed.': one of the two
    # talking who acts after a paragraph's one quote, a statement said right after the turn
    # before, is the listener as often as not; the turns decide (Tom, answering Anna).
    body = ('Tom and Anna sat by the fire.\n\n"I am back," said Tom.\n\n"Where have you been all '
            'day?" asked Anna.\n\n"At the mill. I only came in for a cup of tea." Anna poured it out for him.')
    assert speakers(tmp_path, body) == ["Tom", "Anna", "Tom"]


def test_actor_after_a_bare_statement_boundary_narration_between_or_a_question(tmp_path):
    # After narration between the turns, or after a question, the one acting after the words
    # says them.
    body = ('Tom and Anna sat by the fire.\n\n"I am back," said Tom.\n\n"Where have you been all '
            'day?" asked Anna.\n\nThe kettle sang on the hob.\n\n"You must be tired." Anna poured out a '
            'cup for him.')
    assert speakers(tmp_path, body) == ["Tom", "Anna", "Anna"]
    body = ('Tom and Anna sat by the fire.\n\n"I am back," said Tom.\n\n"Where have you been all '
            'day?" asked Anna.\n\n"Will you have a cup of tea?" Anna poured one out for him.')
    assert speakers(tmp_path, body) == ["Tom", "Anna", "Anna"]


def test_actor_a_sentence_running_on_into_the_words_is_its_nearest_subjects(tmp_path):
    # "Ruby Gillis, who got a glimpse of it, told the others that she had 'never seen ...'":
    # the words go on the sentence, and the subject nearest them says them, not the
    # paragraph's first subject (Tom).
    body = ('Tom sat down at last, very red. Anna, who had watched him from the window, told '
            'the others that it was "the poorest show of the year."')
    assert speakers(tmp_path, body) == ["Anna"]
    body = ('Tom sat down at last, very red; and the day ended in smiles, unspoiled by Anna, '
            'who talked with a good grace of its being "the best show of the year."')
    assert speakers(tmp_path, body) == ["Anna"]


def test_tag_inside_the_sentence_a_verb_right_before_the_quote(tmp_path):
    # "The King laid his hand upon her arm, and timidly said "Consider, my dear"": no comma
    # before the quote, the verb still leads into it; its subject speaks.
    body = ('Tom and Anna stood in the garden. "Is it late?" asked Anna.\n\n"Very late," said Tom. '
            'Anna laid her hand upon his arm, and timidly said "Consider, my dear."')
    assert speakers(tmp_path, body) == ["Anna", "Tom", "Anna"]


def test_tag_inside_the_sentence_the_name_before_a_who_clause(tmp_path):
    # "At this moment Five, who had been anxiously looking across the garden, called out "The Queen!""
    body = ('Tom and Anna stood in the garden. "Is it late?" asked Anna.\n\n"Very late," said Tom. '
            'At this moment Anna, who had been anxiously watching the gate, called out "They are coming!" '
            'and ran to the door.')
    assert speakers(tmp_path, body) == ["Anna", "Tom", "Anna"]


def test_tag_inside_the_sentence_boundary_a_verb_that_names(tmp_path):
    # 'to hear herself called "Mrs. Wickham,"': the words are a name given, not a tag's quote
    body = ('Tom and Anna stood in the garden. "Well?" said Tom. Anna longed to hear herself called '
            '"the happiest woman in the whole county of Kent." "Well, mamma," said Anna.')
    assert [s.rule for s in script_of(tmp_path, body).segments if s.kind == "dialogue"][1] != "tag"


def test_tag_inside_the_sentence_boundary_a_he_she_of_a_clause_before_it(tmp_path):
    # "Anna, when he came in, said": the clause's he is closed by its comma; Anna speaks
    body = 'Tom sat by the fire. Anna, when he came to the door, said "Good night."'
    assert speakers(tmp_path, body) == ["Anna"]


def test_actor_the_main_clause_not_a_subordinate_clause_before_it(tmp_path):
    # "When Mary came in, Anna put down her work.": Anna acts; Mary only came in.
    body = ('Tom and Anna sat by the fire.\n\nWhen Mary came in with the lamp, Anna put down her '
            'work. "At last."')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna"]


def test_actor_main_clause_boundary_a_pronoun_that_may_be_the_subordinate_clauses_name(tmp_path):
    # "While the Duchess sang, she kept tossing the baby": she is the Duchess.
    body = 'Tom and Anna sat by the fire.\n\nWhile Mary read the letter, she kept frowning. "Nonsense."'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]


def test_actor_last_clause_boundary_a_pronoun_that_may_be_the_first_subject(tmp_path):
    # "Anna felt cross at Mary's ..., and she drew herself up": the she may be Anna, the
    # sentence's first subject, who acts; not Mary, whom the she would mean on its own.
    body = ('Anna and Mary sat by the fire.\n\n"Go away." Anna felt cross at Mary\'s making such '
            'short remarks, and she drew herself up. "You ought to go first."')
    assert speakers(tmp_path, body, (ANNA, MARY)) == ["Anna", "Anna"]


def test_actor_of_the_paragraph_not_one_the_narration_after_its_quotes_goes_on_to(tmp_path):
    # '"I have no doubt of it." It was said with a sigh. Tom took up his hat.': past the sentence
    # right after the words, the narration tells what came next; Tom, who asked, is no actor.
    body = ('Tom and Anna sat by the fire.\n\n"Are you coming?" said Tom.\n\n'
            '"I have no doubt of it." It was said with a sigh. Tom took up his hat and went out.')
    assert speakers(tmp_path, body) == ["Tom", "Anna"]


def test_actor_of_the_paragraph_boundary_narration_before_the_quote_counts(tmp_path):
    body = ('Tom and Anna sat by the fire.\n\n"Are you coming?" said Tom.\n\n'
            'Anna looked up from her work. It was very late. "I have no doubt of it."')
    assert speakers(tmp_path, body) == ["Tom", "Anna"]


def test_actor_heard_her_voice_is_the_voices_owner_not_the_one_who_hears(tmp_path):
    body = ('Anna and Mary walked in the garden.\n\nAnna had quite forgotten Mary by this time, and '
            'was startled when she heard her voice close to her ear. "You are thinking about something."')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Mary"]


def test_actor_possessive_subject(tmp_path):
    body = 'Anna was quiet.\n\n"I know." Her fingers tightened on the rail.'
    assert speakers(tmp_path, body) == ["Anna"]


def test_actor_boundary_a_name_in_address_is_not_the_actor(tmp_path):
    body = 'Anna smiled. "Tom, come here."'
    assert speakers(tmp_path, body) == ["Anna"]


def test_narrated_the_subject_of_the_narration_before_speaks_a_bare_quote(tmp_path):
    # Bill is the subject of the last sentence before the bare quote; Tom, named after him,
    # is only looked at (the most recent name would make Tom the speaker).
    body = ('Tom and Anna walked down to the river. The boat was gone. Bill looked hard at Tom.\n\n'
            '"Who took it?"\n\n"Not I," said Tom.')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Bill", "Tom"]


def test_narrated_boundary_reported_speech_is_the_answer_already_given(tmp_path):
    # "Tom answered that ...": Tom has had his turn in reported speech, so this rule does not
    # give him the bare quote after it (a later rule decides).
    body = ('Anna asked Tom about the boat. Tom answered that he had not seen it.\n\n'
            '"Then who took it?"\n\n"Bill, perhaps," said Tom.')
    assert "narrated" not in attribute.rules_of(script_of(tmp_path, body))
    # Without the report, Tom is the subject of the last sentence and the rule decides.
    assert "narrated" in attribute.rules_of(script_of(tmp_path, body.replace("answered that he had not seen",
                                                                              "stared at")))


# Tom and Bill talk; the narration after Tom's third line turns to Anna (a sound, no words).
_TRAIL = ('Tom and Bill sat at the table with Anna.\n\n'
          '"Pass the bread," said Tom.\n\n"Here it is," said Bill.\n\n'
          '"You are not eating anything," said Tom, looking at her plate. {after}\n\n'
          '"I cannot. I am too tired."\n\n"Then go to bed," said Tom.')


def test_narrated_the_subject_of_the_narration_ending_the_turn_before_answers(tmp_path):
    # Turn-taking alone would give the bare quote to Bill, the other voice of the talk.
    body = _TRAIL.format(after="Anna sighed.")
    assert speakers(tmp_path, body, (TOM, BILL, ANNA)) == ["Tom", "Bill", "Tom", "Anna", "Tom"]


def test_narrated_boundary_the_narration_ending_a_turn_names_its_own_speaker(tmp_path):
    # "Tom sighed.": the speaker's own gesture after his words; the other one answers.
    body = _TRAIL.format(after="Tom sighed.")
    assert speakers(tmp_path, body, (TOM, BILL, ANNA))[3] == "Bill"


def test_narrated_boundary_the_narration_ending_a_turn_reports_speech(tmp_path):
    # "Anna replied that ...": her answer is told; the bare quote is not given to her for it.
    body = _TRAIL.format(after="Anna replied that she was not hungry.")
    assert "narrated" not in attribute.rules_of(script_of(tmp_path, body, (TOM, BILL, ANNA)))


# --- rules 5 and 6: vocatives and turn-taking -----------------------------------------

def test_actor_someone_addressed_in_the_quote_is_not_its_actor(tmp_path):
    body = 'Tom came in at last, while Anna rose from her chair. "Tom! you are late!"'
    assert speakers(tmp_path, body) == ["Anna"]


def test_actor_boundary_a_subject_not_addressed_stays_the_actor(tmp_path):
    body = 'Tom came in at last, while Anna rose from her chair. "Mary! I am late!"'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Tom"]


def test_turns_alternate_in_bare_quotes(tmp_path):
    body = '"Ready?" asked Tom.\n\n"Ready," said Anna.\n\n"Then go."\n\n"Going."\n\n"Good."'
    assert speakers(tmp_path, body) == ["Tom", "Anna", "Tom", "Anna", "Tom"]


def test_turns_alternate_with_the_last_voice_of_a_paragraph_with_two_speakers(tmp_path):
    body = ('"Come in," said Tom. "Thank you," said Anna.\n\n"Good morning," said Mary.\n\n'
            '"And to you."')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY))[-1] == "Anna"


def test_turns_boundary_a_paragraph_with_one_speaker_alternates_as_before(tmp_path):
    body = ('"Come in," said Tom. "Sit down."\n\n"Good morning," said Mary.\n\n'
            '"And to you."')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY))[-1] == "Tom"


def test_vocative_names_the_next_speaker(tmp_path):
    body = ('Tom, Anna and Bill sat at the table.\n\n"Anna, what do you think?" said Tom.\n\n'
            '"I think we should wait."')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Anna"]


_TURNED_TO = ('"The roads are bad this winter," said Bill.\n\n"They always are," said Anna.\n\n'
              'Bill went out to see to the horses, and Anna, finding nothing more to say about the '
              'roads, turned to Tom.\n\n"Why do you smile?" said she.\n\n"Nay, why do you?"\n\n'
              '"I smile for pleasure."\n\n"So do I."')


def test_vocative_the_one_the_narration_before_turns_to_answers(tmp_path):
    # "Anna turned to Tom." just before her quote: Tom answers, not Bill, who spoke before
    assert speakers(tmp_path, _TURNED_TO, (TOM, ANNA, BILL)) == ["Bill", "Anna", "Anna", "Tom", "Anna", "Tom"]


def test_vocative_boundary_a_name_in_address_outweighs_the_one_turned_to(tmp_path):
    body = _TURNED_TO.replace('"Why do you smile?"', '"Bill, why do you smile?"')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL))[3:] == ["Bill", "Anna", "Bill"]


_CALLED_BACK = ('"You shall have the money, Anna," said Tom.\n\n"No, I can take no more from you," said '
                'Anna. "I will find some work to do."\n\n"Anna, be silent. This is nonsense."\n\n"It is not '
                'the money, it is the principle of the thing."\n\n"Principle be hanged! You go back to town '
                'to-morrow, just as you had planned."\n\nThe girl looked up quickly.\n\n"Pardon me, Anna, for '
                'using those words at such a time."\n\n"You are too good, Tom," said Anna.')


def test_conv_one_called_after_narration_need_not_have_spoken_just_before(tmp_path):
    # "The girl looked up quickly." comes between: Tom may go on calling her, so the call
    # weighs half against Tom's speaking twice
    assert speakers(tmp_path, _CALLED_BACK)[5:] == ["Tom", "Tom", "Anna"]


def test_conv_boundary_one_called_with_no_narration_between_spoke_just_before(tmp_path):
    body = _CALLED_BACK.replace("The girl looked up quickly.\n\n", "")
    assert speakers(tmp_path, body)[5:] == ["Anna", "Tom", "Anna"]


_LEADS_TO = ('"It was a fine paper," said Bill.\n\nThe meeting went on for a long time after that. One '
             'speaker after another rose and sat down again, each with the feeling that his strokes had gone '
             'awry, and the groups on the mattresses and the groups on the chairs were soon all talking with '
             'each other about art and about the paper. Before long Anna, who had begun to darn stockings '
             'again, stooped down and remarked to Tom:\n\n"That was what I call a first-rate paper."\n\n'
             '"Was it?"')


def test_vocative_after_long_narration_the_one_its_last_sentence_speaks_to_is_the_listener(tmp_path):
    # "... Anna ... remarked to Tom:": said to Tom, so not his words; he answers
    assert speakers(tmp_path, _LEADS_TO, (TOM, ANNA, BILL)) == ["Bill", "Anna", "Tom"]


def test_vocative_boundary_after_long_narration_a_sentence_not_leading_in_names_no_listener(tmp_path):
    body = _LEADS_TO.replace("stooped down and remarked to Tom:", "stooped down to Tom. She was tired.")
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Bill", "Tom", "Anna"]


_ANNE_OF = Character("Anne Shirley", ("Anne", "Anne Of Green Gables"), FEMALE)
_MARILLA = Character("Marilla Cuthbert", ("Marilla",), FEMALE)
_MATTHEW = Character("Matthew Cuthbert", ("Matthew",), MALE)
_GABLES = ('Matthew had gone to the barn. Marilla looked at Anne.\n\n"Will you stay with us?" said Marilla.'
           '\n\n"Oh, I shall never leave Green Gables. It is the dearest place in the world."\n\n"We shall see."')


def test_cast_what_follows_of_in_a_name_is_a_place_not_a_family_name(tmp_path):
    # "Anne Of Green Gables": "Green Gables" in her own words does not name her
    assert speakers(tmp_path, _GABLES, (_ANNE_OF, _MARILLA, _MATTHEW))[1] == "Anne Shirley"


def test_cast_boundary_the_full_name_with_of_still_names_her(tmp_path):
    body = _GABLES.replace("never leave Green Gables.", "never leave you, Matthew or Anne of Green Gables.")
    assert speakers(tmp_path, body, (_ANNE_OF, _MARILLA, _MATTHEW))[1] != "Anne Shirley"


_PLAIN = ('Matthew went out to the barn, and Anne looked at Marilla.\n\n"What shall I call you?" asked '
          'Anne.\n\n"You\'ll call me just plain Marilla. I\'m not used to being called Miss Cuthbert."'
          '\n\n"Marilla, then."')


def test_self_named_a_speaker_who_names_herself_is_not_addressed_by_her_other_names(tmp_path):
    # "call me Marilla ... being called Miss Cuthbert": both are herself, so she may say it
    assert speakers(tmp_path, _PLAIN, (_ANNE_OF, _MARILLA, _MATTHEW))[1] == "Marilla Cuthbert"


def test_self_named_boundary_someone_else_named_beside_stays_addressed(tmp_path):
    body = _PLAIN.replace("being called Miss Cuthbert.", "hearing Matthew called Mr. Cuthbert either.")
    assert speakers(tmp_path, body, (_ANNE_OF, _MARILLA, _MATTHEW))[1] != "Matthew Cuthbert"


def test_vocative_boundary_a_quote_that_is_only_a_name_is_an_answer(tmp_path):
    body = 'Tom and Anna sat down.\n\n"What is his name?" asked Tom.\n\n"Bill."\n\n"Is he kind?"'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Anna", "Tom"]


# Two of the family: "Mr. Oakes" alone names neither, so the cast knows Walter by "Oakes" only
_OAKES = (Character("Walter Oakes", ("Walter", "Oakes"), MALE), Character("Frank Oakes", ("Frank",), MALE))
_TITLED = ('Walter Oakes sat by the fire.\n\n"Is it late?" said Anna.\n\n"Not very," said Tom. '
           '"What do you think, Mr. Oakes?"\n\n"I think it is late."')


def test_vocative_a_title_before_the_name_the_cast_knows_still_addresses(tmp_path):
    # "Mr. Oakes": the cast matches "Oakes"; the title before it does not hide the call
    assert speakers(tmp_path, _TITLED, (TOM, ANNA) + _OAKES)[3] == "Walter Oakes"


def test_vocative_boundary_a_title_and_name_inside_a_sentence_is_no_address(tmp_path):
    body = _TITLED.replace("What do you think, Mr. Oakes?", "I met Mr. Oakes at the inn.")
    assert speakers(tmp_path, body, (TOM, ANNA) + _OAKES)[3] == "Anna"


def test_vocative_boundary_my_dear_inside_a_sentence_is_no_address(tmp_path):
    body = ('Tom and Anna sat down.\n\n"I was thinking of my dear Bill. Shall we go?" said Anna.'
            '\n\n"Yes."')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Anna", "Tom"]


def test_vocative_my_dear_at_a_clause_start_addresses(tmp_path):
    body = 'Tom and Anna sat down.\n\n"Oh, my dear Bill, shall we go?" said Anna.\n\n"Yes."'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Anna", "Bill"]


def test_turns_boundary_long_narration_ends_the_conversation(tmp_path):
    filler = " ".join(["The rain went on and the road grew dark and nobody came by."] * 12)
    body = (f'"Ready?" asked Tom.\n\n"Ready," said Anna.\n\n{filler}\n\nAnna opened the door.\n\n'
            '"Nobody here."')
    # Alternation would give Tom; after a long narration the actor nearby decides.
    assert speakers(tmp_path, body)[-1] == "Anna"



_AFTERNOON = ('"Shall we go to the fair?" asked Tom.\n\n"Not to-day," said Anna.\n\n"To-morrow, then?"\n\n'
              '"Perhaps."\n\n{cue}Mary came to see Anna, and they were alone for an hour.\n\n'
              '"Tell me all about it," said Anna.\n\n"There is nothing to tell."\n\n"Nothing at all?"\n\n"Nothing."')


def test_turns_narration_moving_on_in_time_ends_the_conversation(tmp_path):
    # However short, narration that opens by moving the story on in time is a new scene: the
    # talk after it does not alternate with Tom, who spoke before it (nor does it carry on the
    # pair of the talk before); Mary, who came, answers Anna.
    assert speakers(tmp_path, _AFTERNOON.format(cue="In the afternoon "), (TOM, ANNA, MARY))[5:] \
        == ["Mary", "Anna", "Mary"]


def test_turns_narration_moving_on_in_time_in_the_turns_own_paragraph_ends_the_conversation(tmp_path):
    body = _AFTERNOON.format(cue="").replace(
        'Mary came to see Anna, and they were alone for an hour.\n\n"Tell me',
        'The next morning Mary came to see Anna, and they were alone for an hour. "Tell me')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY))[5:] == ["Mary", "Anna", "Mary"]


def test_turns_a_scene_break_ends_the_conversation(tmp_path):
    body = _AFTERNOON.format(cue="* * *\n\n")
    assert speakers(tmp_path, body, (TOM, ANNA, MARY))[5:] == ["Mary", "Anna", "Mary"]


def test_turns_boundary_short_narration_that_does_not_move_on_keeps_the_talk(tmp_path):
    # The same narration without the move in time: the talk goes on, and Tom answers Anna.
    assert speakers(tmp_path, _AFTERNOON.format(cue=""), (TOM, ANNA, MARY))[5:] == ["Tom", "Anna", "Tom"]


def test_turns_what_moves_on_in_time(tmp_path):
    from talecast.attribute.turns import _TIME_CUE
    for text in ("The next morning she was up early.", "In the afternoon, the two sisters walked.",
                 "An hour later we had lost everything.", "Two days afterwards they left.",
                 "When they reached the gate it was dark.", "That evening Tom wrote to her."):
        assert _TIME_CUE.match(text), text
    for text in ("In the middle of the room stood a table.", "Then Tom said nothing.",
                 "That was all she knew.", "When Tom spoke, she turned.", "The following words were hers."):
        assert not _TIME_CUE.match(text), text

def test_silence_the_speaker_goes_on_when_the_listener_makes_no_answer(tmp_path):
    body = ('"Ready?" asked Tom.\n\n"Ready," said Anna.\n\n"Is it far?" asked Tom.\n\n'
            'Anna made no answer.\n\n"Is it?"')
    assert speakers(tmp_path, body)[-1] == "Tom"


_SILENT = ('Tom and Anna stood at the gate.\n\n"Are you coming?" asked Anna.\n\n"Not I," said Tom.\n\n'
           '"Then I go alone."\n\n{silent} sighed, and said nothing for a moment.\n\n"Wait," said Tom.')


def test_silence_one_who_says_nothing_and_then_speaks_was_spoken_to(tmp_path):
    # "He sighed, and said nothing": Tom, who speaks next, kept silent: the words before were
    # said to him (Anna's), not his own going on across the silence.
    assert speakers(tmp_path, _SILENT.format(silent="He")) == ["Anna", "Tom", "Anna", "Tom"]


def test_silence_one_who_falls_silent_after_speaking_leaves_the_turn(tmp_path):
    assert speakers(tmp_path, _SILENT.format(silent="Anna")) == ["Anna", "Tom", "Anna", "Tom"]


def test_silence_boundary_a_listener_told_as_she_says_nothing_lets_the_speaker_go_on(tmp_path):
    # the silent one is the listener (a pronoun now read as its subject): Tom goes on
    body = ('"Ready?" asked Tom.\n\n"Ready," said Anna.\n\n"Is it far?" asked Tom.\n\n'
            'She made no answer.\n\n"Is it?"')
    assert speakers(tmp_path, body)[-1] == "Tom"


def test_silence_boundary_a_narrated_gesture_is_an_answer_and_turns_alternate(tmp_path):
    body = ('"Ready?" asked Tom.\n\n"Ready," said Anna.\n\n"Is it far?" asked Tom.\n\n'
            'The wind rose over the hill.\n\n"Not very."')
    assert speakers(tmp_path, body)[-1] == "Anna"


def test_silence_a_listener_who_answers_with_a_gesture_lets_the_speaker_go_on(tmp_path):
    body = ('"Ready?" asked Tom.\n\n"Ready," said Anna.\n\n"Shall we go by the hill?" asked Tom.\n\n'
            'Anna nodded.\n\n"Then come along."')
    assert speakers(tmp_path, body)[-1] == "Tom"


def test_silence_a_listener_who_only_looks_puzzled_lets_the_speaker_go_on(tmp_path):
    body = ('"Ready?" asked Tom.\n\n"Ready," said Anna.\n\n"We go by the old mill road," said Tom.\n\n'
            'Anna looked puzzled.\n\n"The road past the church, I mean."')
    assert speakers(tmp_path, body)[-1] == "Tom"


def test_silence_boundary_a_listener_who_looks_out_of_the_window_answers(tmp_path):
    body = ('"Ready?" asked Tom.\n\n"Ready," said Anna.\n\n"We go by the old mill road," said Tom.\n\n'
            'Anna looked out of the window.\n\n"The road past the church, I suppose."')
    assert speakers(tmp_path, body)[-1] == "Anna"


def test_silence_boundary_a_gesture_of_the_last_speaker_is_no_answer(tmp_path):
    body = ('"Ready?" asked Tom.\n\n"Ready," said Anna.\n\n"Shall we go by the hill?" asked Tom.\n\n'
            'Tom smiled.\n\n"Yes, by the hill."')
    assert speakers(tmp_path, body)[-1] == "Anna"


def test_silence_a_no_answer_broken_across_lines_still_lets_the_speaker_go_on(tmp_path):
    # the story's lines wrap anywhere: "made no" ends one line, "answer" opens the next
    body = ('"Ready?" asked Tom.\n\n"Ready," said Anna.\n\n"Is it far?" asked Tom.\n\n'
            'Anna made no\nanswer.\n\n"Is it?"')
    assert speakers(tmp_path, body)[-1] == "Tom"


def test_silence_a_gesture_broken_across_lines_lets_the_speaker_go_on(tmp_path):
    body = ('"Ready?" asked Tom.\n\n"Ready," said Anna.\n\n"Shall we go by the hill?" asked Tom.\n\n'
            'Anna shook her\nhead.\n\n"Then by the road."')
    assert speakers(tmp_path, body)[-1] == "Tom"


def test_silence_boundary_no_wrapped_words_of_silence_and_turns_alternate(tmp_path):
    body = ('"Ready?" asked Tom.\n\n"Ready," said Anna.\n\n"Is it far?" asked Tom.\n\n'
            'Anna stood a moment and made\nready.\n\n"Not very."')
    assert speakers(tmp_path, body)[-1] == "Anna"


def test_listener_named_in_the_tag_answers_next(tmp_path):
    body = '"Sit down," said Tom to Anna, and Bill frowned.\n\n"Thank you."'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Anna"]


def test_listener_boundary_a_movement_towards_someone_does_not_address_them(tmp_path):
    body = '"Sit down," said Tom, and walked to Anna while Bill frowned.\n\n"Thank you."'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Bill"]

MISS_GREY = Character("Miss Grey", (), FEMALE)
_LONG_AWAY = "The rain fell on the fields all that winter, and the roads were deep in mud. " * 45
_SING = ('"Do you sing?" said Tom.\n\n"A little," said Anna.\n\n"Then sing for us, Miss Grey."\n\n'
         '"I would rather not."')


def test_vocative_boundary_someone_long_absent_does_not_answer(tmp_path):
    # Miss Grey was named long ago and not since: "Miss Grey" here is Tom's name for Anna,
    # so turns alternate and Anna answers.
    body = "Miss Grey went away to London.\n\n" + _LONG_AWAY + "\n\n" + _SING
    assert speakers(tmp_path, body, (TOM, ANNA, MISS_GREY)) == ["Tom", "Anna", "Tom", "Anna"]


def test_vocative_someone_long_unnamed_who_speaks_in_the_conversation_answers(tmp_path):
    # "said the lady" finds Miss Grey, not named for long: she is in the scene after all,
    # so "Miss Grey" in Tom's quote calls on her rather than on Anna, whose turn it would be.
    body = ("Miss Grey went away to London.\n\n" + _LONG_AWAY + "\n\n"
            '"Do you sing?" said Tom.\n\n"I sing a little," said the lady.\n\n"So do I," said Anna.\n\n'
            '"Then sing for us, Miss Grey," said Tom.\n\n"I would rather not."')
    assert speakers(tmp_path, body, (TOM, ANNA, MISS_GREY)) == ["Tom", "Miss Grey", "Anna", "Tom", "Miss Grey"]


def test_vocative_a_newcomer_addressed_by_name_answers(tmp_path):
    # Never named before: a newcomer met by the name she is called, and she answers.
    body = _LONG_AWAY + "\n\n" + _SING
    assert speakers(tmp_path, body, (TOM, ANNA, MISS_GREY)) == ["Tom", "Anna", "Tom", "Miss Grey"]


_FIRESIDE = 'Tom and Anna sat by the fire. The clock struck ten.\n\n"Is it late?"\n\n"Nearly ten."\n\n'


def test_conversation_path_a_later_named_tag_sets_the_phase_of_the_bare_turns_before_it(tmp_path):
    # Nothing names the first three speakers; "said Anna" at the end does, and the turns
    # alternate back from it (salience alone would start with Anna, named last).
    body = _FIRESIDE + '"Then I shall go."\n\n"Goodnight," said Anna.'
    assert speakers(tmp_path, body) == ["Tom", "Anna", "Tom", "Anna"]


def test_conversation_path_boundary_a_tag_after_long_narration_does_not_rephase_the_talk_before(tmp_path):
    filler = " ".join(["The rain went on and the road grew dark and nobody came by."] * 12)
    body = _FIRESIDE + filler + '\n\n"Then I shall go."\n\n"Goodnight," said Anna.'
    # The first talk is a conversation of its own: salience decides it, as without the tag.
    assert speakers(tmp_path, body)[:2] == ["Anna", "Tom"]


def test_conversation_path_someone_called_on_answers_and_the_pair_goes_on(tmp_path):
    body = ('"Is it late?" asked Tom.\n\n"Nearly ten," said Anna.\n\n"Then I shall go."\n\n'
            '"So soon?"\n\n"Yes. Are you coming, Bill?"\n\n"I am."\n\n"Goodnight, then," said Anna.')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Anna", "Tom", "Anna", "Tom", "Bill", "Anna"]


def test_conversation_path_boundary_a_quote_that_names_someone_is_not_theirs(tmp_path):
    # Alternation from the named tag would give the second quote to Tom, who is named in it.
    body = _FIRESIDE.replace('"Nearly ten."', '"Nearly ten, Tom."') + '"Goodnight," said Tom.'
    assert speakers(tmp_path, body)[1] != "Tom"


_HAT = ('"Is it late?" asked Tom.\n\n"Nearly ten," said Anna.\n\n"Then I shall go."\n\n{between}'
        '"Where is my hat?"\n\n"On the chair."\n\n"So it is."\n\n"Goodnight," said Anna.')


def test_conversation_path_one_goes_on_after_narration_and_the_pair_alternates_again(tmp_path):
    # "said Anna" at the end does not fit plain alternation: someone spoke twice. Narration
    # between two turns is where one voice most easily goes on, and afterwards the two
    # voices alternate again (the path remembers who the other voice was).
    body = _HAT.format(between="He looked for his hat, but it was not on its peg.\n\n")
    assert speakers(tmp_path, body) == ["Tom", "Anna", "Tom", "Tom", "Anna", "Tom", "Anna"]


def test_conversation_path_boundary_bare_turns_alternate_as_turn_taking_has_them(tmp_path):
    # No narration anywhere: nothing says where someone spoke twice, and the path keeps the
    # turn-taking it was given.
    body = _HAT.format(between="")
    assert speakers(tmp_path, body) == ["Tom", "Anna", "Tom", "Anna", "Tom", "Anna", "Anna"]


def test_conversation_path_decides_again_a_turn_given_to_the_one_called_on(tmp_path):
    # Tom asks Anna, but Anna then thanks Bill: Bill answered in her place (turn-taking alone
    # gives the answer to Anna, who was called on, and has her speak twice).
    body = '"Is it late, Anna?" asked Tom.\n\n"It is nearly ten."\n\n"Thank you, Bill," said Anna.'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Bill", "Anna"]


def test_conversation_path_boundary_the_one_called_on_answers_when_nothing_says_otherwise(tmp_path):
    body = '"Is it late, Anna?" asked Tom.\n\n"It is nearly ten."\n\n"Thank you," said Anna.'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Anna", "Anna"]


_SIR = ('"Is it late?" asked Tom.\n\n"Nearly ten," said Anna.\n\n"Then I shall go."\n\n'
        'He looked for his hat, but it was not on its peg.\n\n"Where is my hat?"\n\n'
        '"On the chair, {word}."\n\n"So it is."')


def test_conversation_path_sir_in_a_bare_quote_answers_a_man(tmp_path):
    # "On the chair, sir." answers a man: Tom, looking for his hat, spoke twice (plain
    # alternation would give the hat question to Anna and her answer to Tom).
    assert speakers(tmp_path, _SIR.format(word="sir")) == ["Tom", "Anna", "Tom", "Tom", "Anna", "Tom"]


def test_conversation_path_boundary_sir_before_a_name_is_a_title_not_an_address(tmp_path):
    assert speakers(tmp_path, _SIR.format(word="Sir Walter")) == ["Tom", "Anna", "Tom", "Anna", "Tom", "Anna"]


_CALLED_AFTER = ('"Is it late?" asked Tom.\n\n"Nearly ten," said Anna.\n\n"It is later than that."\n\n'
                 '"{name}, you are always so sure of the time," said Tom.')


def test_conversation_path_one_the_next_turn_calls_by_name_spoke_before_it(tmp_path):
    # Tom answers Bill by name: the bare line before it was Bill's (alternation alone would
    # have Anna go on).
    body = _CALLED_AFTER.format(name="Bill")
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Anna", "Bill", "Tom"]


def test_conversation_path_boundary_a_first_person_narrator_called_by_name_is_no_clue(tmp_path):
    # Companions name the narrator whoever spoke last: "Bill, ..." to the "I" of the story
    # does not make the bare line his.
    body = ('I sat with Tom and Anna by the fire.\n\n' + _CALLED_AFTER.format(name="Bill")
            .replace('asked Tom', 'Tom asked me'))
    narrator = Character("Bill", (), MALE, narrator=True)
    assert speakers(tmp_path, body, (TOM, ANNA, narrator))[2] != "Bill"


def _talk_goes_on(narration: str) -> str:
    # Tom and Anna talk; narration parts the talk (it names Bill, who is away, last); Anna
    # speaks again by name, and a bare answer follows.
    return ('"Is it late?" asked Tom.\n\n"Nearly ten," said Anna.\n\n' + narration + '\n\n'
            '"You are late again," said Anna.\n\n"I am never late."')


_WHILE_THEY_WAITED = ("The fire burned low, and the wind rose in the chimney while the kettle sang on "
                      "the hob. Neither of them moved to mend the fire. Outside the rain came on again, "
                      "drumming on the shutters and running in the gutters of the lane, and somewhere "
                      "a dog barked and was still. The lamp on the table smoked a little, and the clock "
                      "ticked on towards the half hour. Anna looked at the empty chair by the door, "
                      "where her brother Bill had sat every evening before he went to sea.")


def test_conversation_path_a_talk_goes_on_over_narration_when_one_of_the_pair_speaks_again(tmp_path):
    # Over 300 characters of narration make a new conversation; Anna, who spoke last, opens
    # it again by name, so the talk goes on and Tom answers her (salience alone would give
    # the answer to Bill, named last).
    body = _talk_goes_on(_WHILE_THEY_WAITED)
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Anna", "Anna", "Tom"]


def test_conversation_path_boundary_a_talk_does_not_go_on_over_long_narration(tmp_path):
    # Over 1,500 characters of narration: a new scene, whatever was said before it.
    body = _talk_goes_on(" ".join([_WHILE_THEY_WAITED.rsplit(" Anna looked", 1)[0]] * 4) + " "
                         + _WHILE_THEY_WAITED.rsplit(". ", 1)[1])
    assert speakers(tmp_path, body, (TOM, ANNA, BILL))[3] == "Bill"


# --- who is addressed: first and last address, family names, told turns ----------------

def test_names_in_a_quotation_the_quote_repeats_are_not_its_listeners(tmp_path):
    # Tom repeats what Bill told him: "Tom" there is Bill's address, not a name Tom is called
    # by in his own quote, so the turn stays his.
    body = ('"Is it late?" asked Tom.\n\n"Nearly ten," said Anna.\n\n'
            '"Then I must go. Bill said to me, \'Tom, do not stay late.\' So I go."')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Anna", "Tom"]


def test_names_boundary_apostrophes_do_not_make_a_quotation_inside_the_quote(tmp_path):
    # "it's" and "the girls'" are apostrophes, not a quotation: "Tom" is still spoken to.
    body = ('"Is it late?" asked Tom.\n\n"Nearly ten," said Anna.\n\n'
            '"Then it\'s late, Tom. The girls\' lamps are out."')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL))[2] != "Tom"


def test_vocative_the_last_one_asked_answers_the_first_addressed_spoke_before(tmp_path):
    # Tom answers Anna first ("Anna, ...") and then asks Bill: Anna spoke before, Bill answers.
    body = ('It was a cold night by the fire.\n\n"It is too cold to go out."\n\n'
            '"Anna, you always say so," said Tom. "What do you think, Bill?"\n\n"I think it is warm."')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Anna", "Tom", "Tom", "Bill"]


def test_vocative_boundary_a_name_after_a_comma_but_asked_nothing_does_not_answer(tmp_path):
    # "my friend, Bill." may be an apposition: with no question to Bill, Anna, addressed
    # first, answers.
    body = ('It was a cold night by the fire.\n\n"Anna, come in," said Tom. "This is my friend, Bill."'
            '\n\n"I am glad to meet him."')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Tom", "Anna"]


def test_vocative_boundary_a_name_that_is_not_addressed_does_not_answer(tmp_path):
    # "Bill" is the object of "saw", not someone spoken to: Anna, addressed, answers.
    body = ('It was a cold night by the fire.\n\n"Anna, I saw Bill at the mill today," said Tom.\n\n'
            '"Was he well?"')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Anna"]


ROSE = Character("Rose", ("Rose Marlow",), FEMALE)
KATE = Character("Kate", ("Miss Marlow",), FEMALE)   # the cast's "Miss Marlow" is Kate
LADY_HALE = Character("Lady Hale", (), FEMALE)
_MARLOWS = (ROSE, KATE, LADY_HALE, TOM)
_KATE_AWAY = "Kate went to stay with friends in the north.\n\n" + _LONG_AWAY + "\n\n"


def test_vocative_a_family_name_said_to_a_sister_who_is_there_means_her(tmp_path):
    # Kate is far away; "Miss Marlow" is Lady Hale's name for Rose Marlow, who is in the room,
    # and it is asked after "turning to Tom": Rose answers, not Tom.
    body = (_KATE_AWAY + 'Rose Marlow sat with Lady Hale, and Tom stood by the window.\n\n'
            '"Your garden is fine," said Lady Hale. "For your sake," turning to Tom, "I am glad of it. '
            'Do you play, Miss Marlow?"\n\n"A little."')
    assert speakers(tmp_path, body, _MARLOWS) == ["Lady Hale", "Lady Hale", "Lady Hale", "Rose"]


def test_vocative_boundary_an_absent_given_name_is_nobody_else(tmp_path):
    # "Kate" is no family name: it cannot mean her sister, so the one turned to answers.
    body = (_KATE_AWAY + 'Rose Marlow sat with Lady Hale, and Tom stood by the window.\n\n'
            '"Your garden is fine," said Lady Hale. "For your sake," turning to Tom, "I am glad of it. '
            'Does she play, Kate?"\n\n"A little."')
    assert speakers(tmp_path, body, _MARLOWS)[-1] == "Tom"


_TALK = ('Kate went out into the garden. Rose Marlow stayed with Lady Hale.\n\n'
         '"Do you like the town?" asked Lady Hale.\n\n"Very much," said Rose.\n\n')


def test_vocative_a_family_name_means_the_one_of_the_family_who_talks(tmp_path):
    # Kate was named a moment ago but takes no part: "Miss Marlow" is Rose, who answers.
    body = _TALK + '"I hope you will stay long, Miss Marlow."\n\n"I hope so too."'
    assert speakers(tmp_path, body, _MARLOWS) == ["Lady Hale", "Rose", "Lady Hale", "Rose"]


def test_vocative_boundary_a_family_name_means_its_owner_when_she_talks(tmp_path):
    body = (_TALK + '"So do I," said Kate.\n\n"I hope you will stay long, Miss Marlow," said Lady Hale.'
            '\n\n"I hope so too."')
    assert speakers(tmp_path, body, _MARLOWS)[-1] == "Kate"


_ASKED = '"Have you been abroad?" asked Lady Hale.\n\n"Never," said Rose.\n\n"Not even to France?"\n\n'


def test_reported_an_answer_told_in_the_narration_lets_the_asker_go_on(tmp_path):
    # Rose's answer is told, not quoted: Lady Hale speaks again, then Rose.
    body = (_ASKED + 'Rose assured her that she had not.\n\n"Then you must go."\n\n"I should like to."')
    assert speakers(tmp_path, body, _MARLOWS) == ["Lady Hale", "Rose", "Lady Hale", "Lady Hale", "Rose"]


def test_reported_boundary_a_denied_report_is_no_turn(tmp_path):
    # Nothing was told, so no turn passed: the quotes alternate and Rose answers.
    body = _ASKED + 'Rose never told her how near she had come to going.\n\n"Not even to France."'
    assert speakers(tmp_path, body, _MARLOWS)[-1] == "Rose"


def test_narrated_boundary_the_one_addressed_does_not_speak(tmp_path):
    # Rose is the subject before the quote, but it calls her "Miss Marlow" (Kate is far
    # away): the line is Lady Hale's.
    body = (_KATE_AWAY + 'Rose Marlow sat with Lady Hale.\n\n"Is it far?" asked Rose.\n\n'
            '"Not far," said Lady Hale.\n\nRose looked surprised.\n\n"You may well be surprised, Miss Marlow."')
    assert speakers(tmp_path, body, (ROSE, KATE, LADY_HALE))[-1] == "Lady Hale"


def test_turns_never_give_a_line_to_the_one_it_addresses(tmp_path):
    # Alternation would give the third line to Rose, but it calls her "Miss Marlow" (Kate is
    # far away): Rose is spoken to, so Lady Hale, who spoke before, goes on.
    body = (_KATE_AWAY + 'Rose Marlow sat with Lady Hale.\n\n"Is it far?" asked Rose.\n\n'
            '"Not far," said Lady Hale.\n\n"You walk so well, Miss Marlow."')
    assert speakers(tmp_path, body, (ROSE, KATE, LADY_HALE))[-1] == "Lady Hale"


def test_salient_prefers_a_voice_of_the_conversation_to_a_name_only_mentioned(tmp_path):
    # Anna spoke last and twice in a row, so turns cannot alternate; Bill is named last but
    # never speaks: Tom, who speaks in this conversation, says the bare line.
    body = ('"It is late," said Tom.\n\n"It is," said Anna.\n\n"And it is cold," Anna added.\n\n'
            'They could hear Bill in the yard.\n\n"We must go home."')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Anna", "Anna", "Tom"]



def test_salient_a_line_to_one_voice_of_the_talk_is_the_other_ones(tmp_path):
    # Tom is addressed, so the line is not his; Anna, who was talking with him, says it
    # rather than Bill, who is only heard in the yard.
    body = ('"It is late," said Tom.\n\n"It is," said Anna.\n\nThey could hear Bill in the yard.\n\n'
            '"Tom, we must go home."')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Anna", "Anna"]


def test_salient_boundary_a_line_to_the_last_speaker_is_the_other_voices(tmp_path):
    body = ('"It is late," said Tom.\n\n"It is," said Anna.\n\n"And it is cold," Anna added.\n\n'
            'They could hear Bill in the yard.\n\n"Anna, we must go home."')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL))[-1] == "Tom"

def test_salient_a_voice_of_the_talk_named_in_its_own_words_says_them(tmp_path):
    # Anna spoke last, twice, and the bare line calls her; it names Tom too (not a call: a name
    # it reads out), and Bill is named last but never speaks: Tom, the other voice of the talk,
    # says it.
    body = ('"It is late," said Tom.\n\n"It is," said Anna.\n\n"And it is cold," Anna added.\n\n'
            'They could hear Bill in the yard.\n\n"Anna, we must go home. This note says Tom Reed, '
            'Esquire, and nothing more."')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Anna", "Anna", "Tom"]


def test_salient_boundary_a_voice_of_the_talk_called_does_not_say_it(tmp_path):
    # The line calls Tom: it is said to him, so not by him, named as he is.
    body = ('"It is late," said Tom.\n\n"It is," said Anna.\n\n"And it is cold," Anna added.\n\n'
            'They could hear Bill in the yard.\n\n"Tom, we must go home."')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL))[-1] != "Tom"


def test_salient_boundary_with_no_other_voice_the_latest_name_speaks(tmp_path):
    # Only Anna has spoken: the latest character named, Bill, is the likeliest other voice.
    body = ('"It is late," said Anna.\n\n"And it is cold," Anna added.\n\n'
            'They could hear Bill in the yard.\n\n"We must go home."')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Anna", "Anna", "Bill"]


# --- discovery and gender ------------------------------------------------------------------

def discovered(tmp_path, body):
    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\n" + body.strip() + "\n", encoding="utf-8")
    _, chars = pipeline.script(p)
    return {c.name: c for c in chars}


def test_discovery_merges_honorific_and_bare_surname(tmp_path):
    body = ('Mr. Darcy walked in. Darcy looked about him. "Good day," said Mr. Darcy.\n\n'
            '"Good day," replied Darcy, and he bowed.\n\n"Is it?" said Fitzwilliam Darcy. '
            'Fitzwilliam Darcy sat down.')
    chars = discovered(tmp_path, body)
    darcy = [c for c in chars.values() if "Darcy" in c.names() or "Mr. Darcy" in c.names()]
    assert len(darcy) == 1
    assert set(darcy[0].names()) >= {"Mr. Darcy", "Darcy", "Fitzwilliam Darcy"}
    assert darcy[0].gender == MALE


def _who(chars, form):
    """The names of the one discovered character known as ``form``."""
    found = [c for c in chars.values() if form in c.names()]
    assert len(found) == 1, (form, found)
    return found[0]


def test_discovery_one_character_for_a_full_name_its_given_name_surname_and_title(tmp_path):
    # The text says Will Crane once: Will, Crane and Mr. Crane are he, labelled in full.
    body = ('Will Crane came up the hill. "Good day," said Will, and Will sat down. Will Crane smiled.\n\n'
            '"Is it far?" asked Mr. Crane. Mr. Crane looked at the sky. Crane walked on.\n\n'
            '"Not far," said Crane. Anna Bell smiled. "Come," said Anna, and Anna left.')
    chars = discovered(tmp_path, body)
    will = _who(chars, "Will Crane")
    assert set(will.names()) >= {"Will", "Crane", "Mr. Crane"}
    assert _who(chars, "Anna") is not will


def test_discovery_boundary_two_brothers_of_one_family_stay_two(tmp_path):
    body = ('Tom Finch came in. Ned Finch came after him. "Hello," said Tom, and Tom sat.\n\n'
            '"Hello," said Ned, and Ned stood. Tom Finch laughed. Tom Finch smiled.\n\n'
            '"Sit," said Tom. "No," said Ned. Ned Finch frowned.')
    chars = discovered(tmp_path, body)
    assert _who(chars, "Tom") is not _who(chars, "Ned")
    assert "Tom Finch" in _who(chars, "Tom").names() and "Ned Finch" in _who(chars, "Ned").names()


def test_discovery_boundary_mrs_of_a_family_is_not_its_son(tmp_path):
    # Mrs. Crane (his mother) and Mrs. Will Crane (his wife) are neither Will Crane.
    body = ('Will Crane came in. "Good day," said Will, and Will sat down. Will Crane ate.\n\n'
            '"Good day," said Mrs. Crane. Mrs. Crane poured the tea. Mrs. Will Crane smiled.\n\n'
            '"Tea?" asked Mr. Crane. Mr. Crane nodded.')
    chars = discovered(tmp_path, body)
    will = _who(chars, "Will")
    assert "Mr. Crane" in will.names()
    assert _who(chars, "Mrs. Crane") is not will and "Mrs. Will Crane" not in will.names()


def test_discovery_a_woman_of_a_full_name_is_miss_of_her_family_not_mr(tmp_path):
    body = ('Ann Crane came in. "Hello," said Ann, and Ann sat. Miss Crane smiled. Ann Crane ate.\n\n'
            '"Hello," said Mr. Crane. Mr. Crane nodded. "Sit," said Miss Crane.')
    chars = discovered(tmp_path, body)
    ann = _who(chars, "Ann")
    assert "Miss Crane" in ann.names() and "Mr. Crane" not in ann.names()


def test_discovery_the_title_is_the_one_person_with_that_title(tmp_path):
    body = ('Colonel Dale rode in. "Halt," said Colonel Dale. Then the Colonel looked round.\n\n'
            '"Well?" said the Colonel. Tom Finch waved. "Here," said Tom.')
    chars = discovered(tmp_path, body)
    assert "The Colonel" in _who(chars, "Colonel Dale").names()


def test_discovery_the_title_boundary_two_people_with_that_title(tmp_path):
    body = ('Colonel Dale rode in. "Halt," said Colonel Dale. Then the Colonel looked round.\n\n'
            '"Well?" said the Colonel. Colonel Hart waved. "Here," said Colonel Hart.')
    chars = discovered(tmp_path, body)
    the = _who(chars, "The Colonel")
    assert "Colonel Dale" not in the.names() and "Colonel Hart" not in the.names()


def test_discovery_label_is_a_full_name_the_story_calls_someone_by(tmp_path):
    # "Will Crane" ten times, beside "Crane" and "Will": the label is the full name.
    body = "\n\n".join([f'Will Crane walked {k}. "Go," said Crane. Will went.' for k in range(12)])
    assert _who(discovered(tmp_path, body), "Crane").name == "Will Crane"


def test_discovery_label_boundary_a_formal_name_written_once_is_not_the_label(tmp_path):
    # "Mr. William Sikes" once beside "Sikes" ten times: the story calls him Sikes.
    body = "\n\n".join(['Mr. William Sikes was wanted. Sikes ran.'] +
                         [f'"Go {k}," said Sikes, and Sikes went.' for k in range(5)])
    chars = discovered(tmp_path, body)
    assert _who(chars, "Sikes").name == "Sikes"


def test_discovery_boundary_names_said_side_by_side_are_two_people(tmp_path):
    # Tom Finch once; then Tom and (his father) Finch in one sentence, again and again.
    body = ('Tom Finch was a boy. "Come," said Tom. Tom walked.\n\n' +
            "\n\n".join(f'Tom and Finch went out {k}. "Home," said Finch. Finch nodded.' for k in range(3)))
    chars = discovered(tmp_path, body)
    assert _who(chars, "Tom") is not _who(chars, "Finch")


def test_discovery_a_family_name_with_a_particle_is_one_name(tmp_path):
    # "De Marsac" opening a sentence, "de Marsac" inside one: one man, not "Marsac".
    body = ('De Marsac came in. "Well," said de Marsac, and de Marsac sat.\n\n'
            '"Sit," said Professor de Vall. Professor de Vall and Tom waited. Then the Professor smiled, and the Professor nodded.')
    chars = discovered(tmp_path, body)
    assert "de Marsac" in _who(chars, "De Marsac").names()
    assert "The Professor" in _who(chars, "Professor de Vall").names()


def test_discovery_a_title_said_as_a_name_is_the_one_with_that_title(tmp_path):
    body = ('Madame Roux came in. "Well," said Madame Roux. "Yes," said Madame, and Madame sat.\n\n'
            '"Sit," said Tom, and Tom smiled.')
    assert "Madame" in _who(discovered(tmp_path, body), "Madame Roux").names()


def test_discovery_a_title_said_as_a_name_boundary_two_with_that_title(tmp_path):
    body = ('Madame Roux came in. "Well," said Madame Roux. "Yes," said Madame, and Madame sat.\n\n'
            '"Sit," said Madame Blanc, and Madame Blanc smiled.')
    chars = discovered(tmp_path, body)
    assert "Madame Roux" not in _who(chars, "Madame").names()


def test_discovery_a_pet_form_of_a_name_is_that_one(tmp_path):
    body = ('Kit walked in. "Hello," said Kit, and Kit sat.\n\n'
            '"Kitty, come," said Tom, and Tom waved. "Coming," said Kitty, and Kitty rose.')
    assert "Kitty" in _who(discovered(tmp_path, body), "Kit").names()


def test_discovery_a_pet_form_boundary_two_people_named_side_by_side(tmp_path):
    # Bill and young Billy, named together again and again: father and son.
    body = "\n\n".join(f'Bill and Billy went out {k}. "Home," said Bill. "No," said Billy.' for k in range(3))
    chars = discovered(tmp_path, body)
    assert _who(chars, "Bill") is not _who(chars, "Billy")


def test_discovery_a_common_pet_name_is_its_given_name(tmp_path):
    body = ('Francis walked in. "Hello," said Francis, and Francis sat.\n\n'
            '"Frank, come," said Tom, and Tom waved. "Coming," said Frank, and Frank rose.')
    assert "Frank" in _who(discovered(tmp_path, body), "Francis").names()


def test_discovery_a_pet_name_boundary_of_another_family(tmp_path):
    # Harry Sandys and Henry Otway: "Harry" is Sandys, not a pet name of Henry.
    body = ('Henry Otway walked in. "Hello," said Henry, and Henry sat. Henry Otway smiled.\n\n'
            '"Come," said Harry, and Harry waved. Harry Sandys laughed. Harry Sandys left.')
    chars = discovered(tmp_path, body)
    assert _who(chars, "Harry") is not _who(chars, "Henry")


def test_cast_a_full_name_is_known_by_its_common_pet_name(tmp_path):
    body = '"Hello," said Frank.\n\n"Good day," said Anna.'
    cast = [Character("Francis Oakley", (), MALE), ANNA]
    assert speakers(tmp_path, body, cast) == ["Francis Oakley", "Anna"]


def test_discovery_a_place_once_beside_a_speech_verb_is_still_a_place(tmp_path):
    body = ('Tom went to Bristol. Tom lived in Bristol, and came from Bristol, and left Bristol '
            'for Bristol again. Then Bristol was grey. "It is grey," said Tom. At Bristol, '
            'Bristol said nothing. They rode to Bristol, and Bristol slept, and Bristol woke. '
            'So Bristol was grey, and Bristol was cold, and they went to Bristol.')
    assert "Bristol" not in discovered(tmp_path, body)


def test_discovery_a_family_named_in_the_plural_is_no_character(tmp_path):
    body = ('"Come," said Mr. Hale, and Mr. Hale sat. "Yes," said the Hales, and the Hales went in.')
    chars = discovered(tmp_path, body)
    assert "Mr. Hale" in chars and "The Hales" not in chars


def _parish(tie):
    return ('Mr. Crane walked in from the lane. "Good morning," said Mr. Crane, and Mr. Crane sat down.\n\n'
            f'Next day Tom went over the hill to {tie}. "Are you well?" Tom began.\n\n'
            '"Quite well," said the rector, putting down his pen.\n\n"I am glad," said Tom.')


def test_discovery_a_post_set_beside_a_name_is_a_name_of_that_one(tmp_path):
    # "Crane the rector." ties the post a tag uses to the one name: "The Rector" is his
    assert "The Rector" in _who(discovered(tmp_path, _parish("Crane the rector")), "Mr. Crane").names()


def test_discovery_a_post_set_beside_a_name_joins_a_role_of_that_post(tmp_path):
    body = ('Mr. Crane, the rector, walked in. "Order," said the rector. "Order!" said the rector.\n\n'
            '"Good day," said Mr. Crane, and Mr. Crane sat down.')
    chars = discovered(tmp_path, body)
    assert "The Rector" in _who(chars, "Mr. Crane").names() and "The Rector" not in chars


def test_discovery_a_post_beside_a_name_boundary_a_tag_long_before_the_tie(tmp_path):
    # the rector who spoke ten thousand words of other chapters before is not known to be Mr. Crane
    body = ('"Amen," said the rector, and went out.\n\nCHAPTER II\n\n'
            + "Tom walked on through the fields. " * 800 + "\n\n" + _parish("Crane the rector"))
    assert "The Rector" not in _who(discovered(tmp_path, body), "Mr. Crane").names()


def test_discovery_a_post_beside_a_name_boundary_no_tag_uses_the_noun(tmp_path):
    body = _parish("Crane the rector").replace("said the rector", "said he")
    assert "The Rector" not in _who(discovered(tmp_path, body), "Mr. Crane").names()


def _ward(between):
    return ('A watchman was sent for. The watchman walked round the house, and the watchman looked at the '
            'gate.\n\n"Who saw it?" Tom asked nobody.\n\nThe watchman nodded at Tom. '
            f'Then Tom went out with the watchman.{between}Tom bade the porter good night.\n\n'
            '"Lock it," said the porter.\n\n"I will," said Tom.\n\n'
            'At a nod from the watchman Tom sat down. "Go on," said the porter.')


def test_discovery_a_post_written_around_a_role_is_a_name_of_that_role(tmp_path):
    # the narration calls the porter the watchman in the sentence before his tags: one man
    chars = discovered(tmp_path, _ward(" "))
    assert "The Watchman" in _who(chars, "The Porter").names() and "The Watchman" not in chars


def test_discovery_a_post_around_a_role_boundary_both_in_one_sentence(tmp_path):
    # "with the watchman and the porter": two men
    chars = discovered(tmp_path, _ward(" and the porter, and ").replace("At a nod from the watchman Tom",
                                                                       "Tom and the porter and the watchman"))
    assert "The Watchman" not in _who(chars, "The Porter").names()


def test_discovery_a_post_around_a_role_boundary_once_only(tmp_path):
    # beside the role's lines once: not enough to tell
    chars = discovered(tmp_path, _ward(" ").replace("At a nod from the watchman Tom sat down.", "Tom sat down."))
    assert "The Watchman" not in _who(chars, "The Porter").names()


def test_discovery_label_is_the_titled_name_the_story_uses(tmp_path):
    body = "\n\n".join(['Inspector Dale came in. "Well," said Inspector Dale.'] * 2 +
                         [f'"Go {k}," said Dale, and Dale went.' for k in range(3)])
    assert _who(discovered(tmp_path, body), "Dale").name == "Inspector Dale"


def test_discovery_label_boundary_a_title_written_once_in_a_while(tmp_path):
    body = "\n\n".join(['Inspector Dale came in. "Well," said Inspector Dale.'] +
                         [f'"Go {k}," said Dale, and Dale went.' for k in range(6)])
    assert _who(discovered(tmp_path, body), "Dale").name == "Dale"


def test_discovery_keeps_mrs_and_miss_apart(tmp_path):
    body = ('"Well," said Mrs. Bennet to Miss Bennet. Mrs. Bennet smiled.\n\n'
            '"Yes," said Miss Bennet. Miss Bennet smiled too.\n\n"Good," said Mrs. Bennet.')
    chars = discovered(tmp_path, body)
    assert "Mrs. Bennet" in chars and "Miss Bennet" in chars
    assert chars["Mrs. Bennet"].gender == FEMALE


def test_discovery_leaves_out_places_and_days(tmp_path):
    body = ('On Monday Tom rode to Longbourn. Tom stayed at Longbourn and went from Longbourn '
            'on Tuesday.\n\n"It is far," said Tom. Tom laughed.')
    chars = discovered(tmp_path, body)
    assert "Tom" in chars
    assert not {"Longbourn", "Monday", "Tuesday"} & set(chars)


def test_gender_from_pronouns_when_the_name_is_unknown_to_the_lexicon(tmp_path):
    body = ('Zorblax walked in and he sat down. Zorblax looked up and he smiled. '
            '"Hello," said Zorblax.')
    assert discovered(tmp_path, body)["Zorblax"].gender == MALE


def test_gender_from_name_lexicon(tmp_path):
    body = 'Margaret walked in. Margaret sat. "Hello," said Margaret.'
    assert discovered(tmp_path, body)["Margaret"].gender == FEMALE


def _quill(anna):
    return ('Doctor Quill came in. Doctor Quill sat down, and he smiled. "Well," said Doctor Quill.\n\n'
            f'{anna} "Rest," said Doctor Quill. Doctor Quill looked at her; he frowned.\n\n'
            'Anna took Doctor Quill\'s hat, and she went out.')


def test_gender_from_pronouns_not_after_a_possessive_or_an_object(tmp_path):
    # "told Doctor Quill she", "Doctor Quill's hat, and she": Anna's pronouns, not his
    body = _quill("Anna told Doctor Quill she was tired.")
    assert discovered(tmp_path, body)["Doctor Quill"].gender == MALE


def test_gender_from_pronouns_boundary_the_name_as_subject_counts(tmp_path):
    # "Doctor Quill knew she was tired": the subject's pronoun counts; he 2, she 1 is too few
    body = _quill("Doctor Quill knew she was tired.")
    assert discovered(tmp_path, body)["Doctor Quill"].gender == UNKNOWN


def test_gender_unknown_when_evidence_is_thin(tmp_path):
    body = 'Quillon walked in. Quillon sat. "Hello," said Quillon.'
    assert discovered(tmp_path, body)["Quillon"].gender == UNKNOWN


def test_cast_names_replace_discovery(tmp_path):
    body = '"Hello," said the Queen.\n\n"Hello," said Lizzy.'
    cast = [Character("The Queen", (), FEMALE), Character("Elizabeth", ("Lizzy",), FEMALE)]
    assert speakers(tmp_path, body, cast) == ["The Queen", "Elizabeth"]


def test_rules_are_reported(tmp_path):
    sc = script_of(tmp_path, 'Anna looked at Tom.\n\n"Yes," said Tom.\n\n"No."')
    assert attribute.rules_of(sc)["tag"] == 1
    yes, no = [s for s in sc.segments if s.kind == "dialogue"]
    assert (yes.rule, yes.guess, yes.runner_up) == ("tag", "Tom", "Anna")
    assert (no.guess, no.runner_up) == ("Anna", "Tom") and no.rule != "tag"
    assert 0 < no.confidence < yes.confidence <= 1


# --- the seed story --------------------------------------------------------------------------

def test_seed_finds_buffy_and_spike_with_genders():
    sc, chars = pipeline.script(need_seed())
    speaking = {c.name: c.gender for c in chars if c.lines}
    assert speaking == {"Buffy": FEMALE, "Spike": MALE}


def test_actor_boundary_words_that_leave_someone(tmp_path):
    # The sentence before names Anna; "burst out of him" says whose words they were.
    body = 'Tom watched Anna. She works so hard. "Stop!" It burst out of him.'
    assert speakers(tmp_path, body) == ["Tom"]


def test_thinker_goes_on_in_first_person_thoughts(tmp_path):
    body = ('"Ready?" asked Tom.\n\n"Thanks, Tom." I like him, Anna thought.\n\n'
            'It makes me glad, so that is something. "Again?"')
    assert speakers(tmp_path, body) == ["Tom", "Anna", "Anna"]



def test_thinker_goes_on_across_a_paragraph_of_thoughts(tmp_path):
    body = ('"Ready?" asked Tom.\n\n"Thanks, Tom." I like him, Anna thought.\n\n'
            'He is kind. I know it.\n\nI hope. "Again?"')
    assert speakers(tmp_path, body) == ["Tom", "Anna", "Anna"]


def test_thinker_boundary_a_line_without_thoughts_is_an_answer(tmp_path):
    # No "I" beside the last line: Anna addressed Tom, so Tom answers.
    body = ('"Ready?" asked Tom.\n\n"Thanks, Tom." I like him, Anna thought.\n\n'
            'He is kind.\n\n"Again?"')
    assert speakers(tmp_path, body) == ["Tom", "Anna", "Tom"]

def test_one_who_obeys_was_spoken_to(tmp_path):
    # Tom and Anna talk; the narration then says Anna's eyes were shut, so the subject of
    # the sentence before would give her the order; "She obeyed." says it was said to her.
    body = ('"Are you awake?" asked Tom.\n\n"No," said Anna.\n\nTom waited by the window for a while.\n\n'
            'Anna lay with her eyes shut.\n\n"Look at me."\n\nShe obeyed, and smiled.\n\n"There you are," Tom said.')
    assert speakers(tmp_path, body) == ["Tom", "Anna", "Tom", "Tom"]


def test_one_who_obeys_boundary_later_in_the_paragraph_or_not_right_after(tmp_path):
    # "obeyed" not opening the paragraph right after the quote says nothing of who said it.
    body = ('"Are you awake?" asked Tom.\n\n"No," said Anna.\n\nTom waited by the window for a while.\n\n'
            'Anna lay with her eyes shut.\n\n"Look at me."\n\nThe rain fell, and at last she obeyed.\n\n'
            '"There you are," Tom said.')
    assert speakers(tmp_path, body)[2] == "Anna"


# Speakers of the seed's spoken lines, read by hand (B = Buffy, S = Spike), in order.
SEED_SPEAKERS = "SBSSSSBSSBSSSBSBSSSSBBBSBBBSSBSBBSBBSBBSSBSSSBBSSBSBSBSBSBBSSBBBSBSSSBS"


def test_seed_lines_go_to_buffy_or_spike_with_at_most_one_wrong():
    sc, _ = pipeline.script(need_seed())
    got = [(s.speaker or "?")[0] for s in sc.segments if s.kind == "dialogue"]
    if len(got) != len(SEED_SPEAKERS):
        pytest.skip(f"the parser now finds {len(got)} quotes, not {len(SEED_SPEAKERS)}: re-read the seed")
    wrong = [i for i, (g, w) in enumerate(zip(got, SEED_SPEAKERS), 1) if g != w]
    assert len(wrong) <= 1, wrong  # the issue's bar: 70 of the 71 (all 71 since "She obeyed." is read)


def test_feast_days_are_no_characters(tmp_path):
    # "Christmas" is never written in lower case and "acts" ("Christmas came"), but names a day.
    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\nThen Christmas came, and Christmas was cold, and Tom sat alone. "
                 "Every year Christmas comes and Christmas goes.\n\n\"Bah!\" said Tom.\n", encoding="utf-8")
    _, characters = pipeline.script(p)
    assert [c.name for c in characters] == ["Tom"]


def test_salience_keeps_reading_order_when_a_tag_speaker_is_added_late():
    # A quote's tag is read after the narration behind it, but counts at the quote.
    sal = _Salience()
    sal.add(100, 1)
    sal.add(200, 2)
    sal.add(150, 3)  # the speaker of a quote at 150, found from its tag at 210
    assert [e[0] for e in sal.events] == [100, 150, 200]
    assert sal.recent(180) == [3, 1]


def test_actor_after_the_words_waits_for_turns_when_both_talking_fit_the_pronoun(tmp_path):
    # Tom and Bill talk; "He turned away" after the words may be either: turns decide (Tom).
    body = '"Ready?" asked Tom.\n\n"Yes," said Bill.\n\n"Then go." He turned away.'
    assert speakers(tmp_path, body, (TOM, BILL)) == ["Tom", "Bill", "Tom"]


def test_actor_pronoun_likeliest_not_talking_waits_when_the_one_whose_turn_it_is_fits(tmp_path):
    # Anna asks, Tom answers, Mary laughs: "She" after the next words would be Mary, the woman
    # named last, but Mary is not talking; Anna, whose turn it is, fits it: turn-taking decides.
    body = '"Ready?" asked Anna.\n\n"Yes," said Tom, and Mary laughed.\n\n"Then let us go." She picked up her bag.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna", "Tom", "Anna"]


def test_actor_pronoun_likeliest_not_talking_boundary_the_one_whose_turn_it_is_does_not_fit(tmp_path):
    # Tom asks, Anna answers: the turn is Tom's, whom "She" cannot mean; Mary acts and speaks.
    body = '"Ready?" asked Tom.\n\n"Yes," said Anna, and Mary laughed.\n\n"Then let us go." She picked up her bag.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Tom", "Anna", "Mary"]


def test_actor_after_the_words_boundary_only_one_of_the_two_fits(tmp_path):
    # Tom and Anna talk; "She" can only be Anna, so she goes on.
    body = '"Ready?" asked Tom.\n\n"Yes," said Anna.\n\n"Then go." She turned away.'
    assert speakers(tmp_path, body, (TOM, ANNA)) == ["Tom", "Anna", "Anna"]


# --- rule 1: speech tags that describe the speaker ---------------------------------------------

HARE = Character("March Hare", (), MALE)


def test_tag_the_before_a_name_is_part_of_the_name(tmp_path):
    body = 'Anna sat down at the long table.\n\n"Have some tea," said the March Hare.'
    assert speakers(tmp_path, body, (ANNA, HARE)) == ["March Hare"]


def test_tag_the_name_boundary_after_to_it_is_the_listener(tmp_path):
    body = 'The March Hare sat down at the long table.\n\n"No room," said Anna to the March Hare.'
    assert speakers(tmp_path, body, (ANNA, HARE)) == ["Anna"]


GREY_SIBLINGS = (TOM, ANNA, Character("Kate Grey", ("Kate",), FEMALE), Character("Bill Grey", ("Bill",), MALE))


def test_tag_possessive_owner_is_the_one_the_quote_calls_by_name(tmp_path):
    # "her" is Kate, whom the quote calls, not Anna, the last woman in the narration.
    body = ('Bill Grey and Kate Grey sat by the window. Anna walked in, and Tom followed her.\n\n'
            '"Kate, you look pale," cried her brother.')
    assert speakers(tmp_path, body, GREY_SIBLINGS) == ["Bill Grey"]


def test_tag_possessive_owner_boundary_a_name_only_mentioned_is_no_owner(tmp_path):
    # Tom is the man last seen as a subject ("Bill Grey and Kate Grey sat": Bill is one too).
    body = ('Bill Grey and Kate Grey sat by the window. Anna walked in, and Tom followed her.\n\n'
            '"Kate looks pale," cried her brother.')
    assert speakers(tmp_path, body, GREY_SIBLINGS) == ["Tom"]


def test_tag_his_lady_is_the_mrs_of_the_man_she_calls(tmp_path):
    body = ('Anna Grey talked with Tom about the roads.\n\n'
            '"My dear Mr. Grey," said his lady to him, "have you heard the news?"')
    assert speakers(tmp_path, body, (*GREYS, TOM)) == ["Mrs. Grey", "Mrs. Grey"]


def test_tag_the_lady_boundary_without_an_owner_is_the_woman_at_hand(tmp_path):
    body = ('Anna Grey talked with Tom about the roads.\n\n'
            '"My dear Mr. Grey," said the lady to him, "have you heard the news?"')
    assert speakers(tmp_path, body, (*GREYS, TOM)) == ["Anna Grey", "Anna Grey"]


def test_tag_a_description_without_gender_takes_the_next_he_or_she_of_its_sentence(tmp_path):
    body = 'Anna came in. Tom put down his book.\n\n"Good night," said our visitor, and she hurried away.'
    assert speakers(tmp_path, body) == ["Anna"]


def test_tag_description_gender_boundary_an_object_pronoun_gives_none(tmp_path):
    body = 'Anna came in. Tom put down his book.\n\n"Good night," said our visitor, with a nod to her.'
    assert speakers(tmp_path, body) == ["Tom"]


def test_tag_her_sister_may_be_the_woman_the_narration_named_last(tmp_path):
    # Mary, named last and called in the quote before, answers: between two sisters the
    # owner of "her" cannot be told from the narration, so Mary is not ruled out.
    body = ('Anna walked home with Mary. Mary was tired.\n\n"Mary, we should have told him."\n\n'
            '"Perhaps," replied her sister.')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY))[-1] == "Mary"


def test_tag_her_sister_boundary_her_mother_is_never_the_owner(tmp_path):
    body = ('Mrs. Grey walked home with Anna Grey. Anna Grey was tired.\n\n"Anna, we should have told him."\n\n'
            '"Perhaps," replied her mother.')
    assert speakers(tmp_path, body, GREYS)[-1] == "Mrs. Grey"


def test_tag_was_her_answer_names_the_speaker_by_the_owner(tmp_path):
    body = 'Anna sat down. Tom looked at her for a long time.\n\n"Not at all," was her answer.'
    assert speakers(tmp_path, body) == ["Anna"]


def test_tag_was_her_answer_boundary_only_right_after_the_quote(tmp_path):
    body = 'Anna sat down. Tom looked at her for a long time.\n\n"Not at all." Tom knew it was her answer.'
    assert speakers(tmp_path, body) == ["Tom"]


def test_tag_was_my_reply_is_the_narrator(tmp_path):
    # "'I do not intend to go away,' was my first remark": the narrator's, as "said I" is.
    ned = Character("Ned", (), MALE, narrator=True)
    body = ('I sat by the fire with Tom. Tom looked at me for a long time.\n\n'
            '"You will go tomorrow," said Tom.\n\n"I do not intend to go," was my first remark.')
    assert speakers(tmp_path, body, (TOM, ned)) == ["Tom", "Ned"]


def test_tag_was_his_mothers_reply_is_the_mother_not_the_son(tmp_path):
    # "'...,' was his mother's only reply": the possessive of a relative is the relative.
    body = ('Mrs. Grey sat by the fire. Tom Grey came in and stood at the door.\n\n'
            '"Mother, we must go," said Tom.\n\n"I shall not bow my head," was his mother\'s only reply.')
    assert speakers(tmp_path, body, (Character("Tom Grey", (), MALE), Character("Mrs. Grey", (), FEMALE))) \
        == ["Tom Grey", "Mrs. Grey"]


def test_tag_was_his_mothers_boundary_no_answer_noun_no_tag(tmp_path):
    body = ('Mrs. Grey sat by the fire. Tom Grey came in and stood at the door.\n\n'
            '"Mother, we must go," said Tom.\n\n"I shall not," he said. It was his mother\'s old chair.')
    assert speakers(tmp_path, body, (Character("Tom Grey", (), MALE), Character("Mrs. Grey", (), FEMALE))) \
        == ["Tom Grey", "Tom Grey"]


def test_tag_it_said_is_the_voice_the_paragraph_brought_in(tmp_path):
    # 'The Voice laughed. "...," it said.': the voice, not the paragraph's named speaker.
    voice = Character("The Voice", (), MALE)
    body = _GATE + '"Who is there?" said Tom. The Voice laughed. "Nobody," it said.'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL, voice)) == ["Tom", "The Voice"]


def test_tag_it_said_a_voice_nobody_owns_is_nobody(tmp_path):
    body = _GATE + '"Who is there?" said Tom. There came a high piping voice from the house. "Come in," it cried.'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", None]


def test_tag_it_said_boundary_without_a_voice_no_tag(tmp_path):
    body = _GATE + '"Who is there?" said Tom. The dog barked. "Nobody," it said.'
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Tom"]


LADY_GREY = Character("Lady Grey", (), FEMALE)


def test_tag_her_ladyship_is_the_lady_at_hand_not_someone_she_owns(tmp_path):
    body = 'Lady Grey sat in her chair. Anna came in and sat down.\n\n"You are late," said her Ladyship.'
    assert speakers(tmp_path, body, (TOM, ANNA, LADY_GREY)) == ["Lady Grey"]


def test_tag_her_ladyship_boundary_without_a_titled_lady_is_the_woman_at_hand(tmp_path):
    body = 'Mary sat in her chair. Anna came in and sat down.\n\n"You are late," said her Ladyship.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Anna"]


GARDNERS = (Character("Anna Smith", ("Anna",), FEMALE), Character("Mr. Gardner", (), MALE),
            Character("Mrs. Gardner", (), FEMALE), MR_BROWN)


def test_tag_her_uncle_is_a_married_man_of_the_cast_before_a_single_one(tmp_path):
    body = ('Mr. Gardner and Anna Smith walked in the park. Mr. Brown met them at the gate.\n\n'
            '"What a fine day," said her uncle.')
    assert speakers(tmp_path, body, GARDNERS) == ["Mr. Gardner"]


def test_tag_her_uncle_boundary_without_his_wife_in_the_cast_the_latest_mr(tmp_path):
    body = ('Mr. Gardner and Anna Smith walked in the park. Mr. Brown met them at the gate.\n\n'
            '"What a fine day," said her uncle.')
    assert speakers(tmp_path, body, GARDNERS[:2] + GARDNERS[3:]) == ["Mr. Brown"]


ANNA_STORY = "Anna lived by the sea. Anna liked the wind. Anna sang. Anna swam. Anna slept. Anna woke.\n\n"


def test_tag_the_other_is_one_just_named_not_the_protagonist(tmp_path):
    body = ANNA_STORY + 'Tom heard the news from Mary.\n\n"Is it certain?" asked Tom.\n\n"Quite certain," replied the other.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Tom", "Mary"]


def test_tag_the_other_boundary_other_descriptions_keep_the_protagonist_rule(tmp_path):
    body = ANNA_STORY + 'Tom heard the news from Mary.\n\n"Is it certain?" asked Tom.\n\n"Quite certain," replied the stranger.'
    assert speakers(tmp_path, body, (TOM, ANNA, MARY)) == ["Tom", "Anna"]


JANE = Character("Jane", (), FEMALE)
DICK = Character("Dick", (), MALE)


def test_tag_the_other_is_the_one_the_last_speaker_talks_with(tmp_path):
    # Four others were named since Anna spoke, but "the other" answers Tom: the one who
    # spoke before him.
    body = ('Tom met Anna on the road.\n\n"Where are you going?" asked Anna.\n\n'
            '"To the mill," said Tom. Bill and Dick ran past them to the river, and Mary and Jane '
            'followed.\n\n"So late?" said the other.')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL, MARY, JANE, DICK)) == ["Anna", "Tom", "Anna"]


def test_tag_the_other_boundary_never_the_one_who_just_spoke(tmp_path):
    # Nobody spoke before Tom: "the other" is still not Tom, whom the narration named last.
    body = ('Bill came up the lane and found Tom at the gate.\n\n'
            '"Late again," said Tom.\n\n"Not at all," replied the other.')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Bill"]


def test_tag_the_other_boundary_one_of_another_sex_is_not_the_other(tmp_path):
    # "she" makes "the other" a woman: not Bill, who spoke before Tom, but Anna.
    body = ('Anna sat by the fire while Tom and Bill argued.\n\n'
            '"It will rain," said Bill.\n\n"It will not," said Tom.\n\n'
            '"It will snow," replied the other, and she laughed.')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Bill", "Tom", "Anna"]


def test_subject_of_a_when_or_while_clause_is_not_what_the_pronoun_follows(tmp_path):
    body = 'Anna waited at the door while Mary read the letter.\n\n"Well?" she said.'
    assert speakers(tmp_path, body, (ANNA, MARY)) == ["Anna"]


def test_subject_of_a_when_or_while_clause_boundary_a_main_clause_subject(tmp_path):
    body = 'Anna waited at the door. Mary read the letter.\n\n"Well?" she said.'
    assert speakers(tmp_path, body, (ANNA, MARY)) == ["Mary"]


def test_subject_after_since_or_as_soon_as_is_in_a_subordinate_clause(tmp_path):
    body = ('Anna stood by the gate. It was a year since Mary had gone away.\n\n"I miss her," said she.\n\n'
            'Anna sat down. As soon as Mary had read the letter, the room was quiet.\n\n"So," said she.')
    assert speakers(tmp_path, body, (ANNA, MARY)) == ["Anna", "Anna"]


def test_subject_after_since_boundary_a_name_later_in_the_clause_is_a_subject(tmp_path):
    # "since" governs only the name right after it; "as soon as" only as a whole.
    body = ('Anna stood by the gate. Since then Mary had gone away.\n\n"I miss her," said she.\n\n'
            'Anna sat down. Soon Mary read the letter as soon as it came.\n\n"So," said she.')
    assert speakers(tmp_path, body, (ANNA, MARY)) == ["Mary", "Mary"]


def test_tag_pronoun_is_the_one_called_by_name_after_narration_naming_nobody(tmp_path):
    body = ('Anna and Mary sat by the fire. Tom came in.\n\n"Will you walk with me, Anna?" asked Tom.\n\n'
            'She looked at the fire and made no answer. He asked again.\n\n"Perhaps," said she.')
    assert speakers(tmp_path, body, (ANNA, MARY, TOM)) == ["Tom", "Anna"]


def test_tag_pronoun_called_by_name_boundary_narration_that_names_someone(tmp_path):
    # The narration between names Mary: "she" follows the narration, not the call.
    body = ('Anna and Mary sat by the fire. Tom came in.\n\n"Will you walk with me, Anna?" asked Tom.\n\n'
            'Mary looked at the fire. He asked again.\n\n"Perhaps," said she.')
    assert speakers(tmp_path, body, (ANNA, MARY, TOM)) == ["Tom", "Mary"]


def test_agent_of_a_passive_counts_as_a_subject(tmp_path):
    body = 'Bill stood at the gate. Anna walked down the lane, and she was overtaken by Tom.\n\n"You walk fast," said he.'
    assert speakers(tmp_path, body, (ANNA, BILL, TOM)) == ["Tom"]


def test_agent_of_a_passive_boundary_a_he_of_its_gender_stays_the_subject(tmp_path):
    # "He was followed by Tom": he (Bill) stays the topic, Tom is only mentioned.
    body = 'Bill stood at the gate. He was soon followed by Tom.\n\n"Wait here," said he.'
    assert speakers(tmp_path, body, (ANNA, BILL, TOM)) == ["Bill"]


MRS_GREY = Character("Mrs. Grey", (), FEMALE)
LUCY = Character("Lucy Grey", ("Lucy",), FEMALE)
MARY_GREY = Character("Mary Grey", ("Mary",), FEMALE)


def test_her_mother_is_owned_by_one_who_has_a_mother_not_the_mother_herself(tmp_path):
    body = 'Lucy Grey came in from the rain. Mrs. Grey looked up from her sewing.\n\n"You are wet through," cried her mother.'
    assert speakers(tmp_path, body, (MRS_GREY, LUCY, TOM)) == ["Mrs. Grey"]


def test_her_mother_owner_boundary_nobody_near_has_a_mother_in_the_cast(tmp_path):
    # Anna, the likeliest owner, has no family here: she stays the owner, not Mrs. Grey.
    body = 'Mrs. Grey and Anna sat by the fire.\n\n"Hush," cried her mother.'
    assert speakers(tmp_path, body, (MRS_GREY, ANNA)) == ["Mrs. Grey"]


def test_her_mother_is_the_family_mrs_even_after_someone_else_is_called(tmp_path):
    # The turn before calls Lucy; "her mother" is still Mrs. Grey, the one Mrs. of the family.
    body = ('Mrs. Grey and Lucy Grey sat by the fire. Mary Grey came in.\n\n'
            '"Will you play for us, Lucy?" asked Tom.\n\n"Go, my dear," cried her mother.')
    assert speakers(tmp_path, body, (MRS_GREY, LUCY, MARY_GREY, TOM)) == ["Tom", "Mrs. Grey"]


def test_her_mother_called_boundary_two_mrs_of_the_family(tmp_path):
    # Two Mrs. Grey: "her mother" is not sure, so the one called answers as before.
    body = ('Mrs. Grey, Mrs. Amelia Grey and Lucy Grey sat by the fire. Mary Grey came in.\n\n'
            '"Will you play for us, Lucy?" asked Tom.\n\n"Go, my dear," cried her mother.')
    amelia = Character("Mrs. Amelia Grey", (), FEMALE)
    assert speakers(tmp_path, body, (MRS_GREY, amelia, LUCY, MARY_GREY, TOM)) == ["Tom", "Lucy Grey"]


MR_GREY = Character("Mr. Grey", (), MALE)


def test_relative_as_agent_of_a_passive_counts_as_a_subject(tmp_path):
    body = 'Tom stood in the hall. Lucy Grey came down the stairs, and she was met by her father.\n\n"Good morning," said he.'
    assert speakers(tmp_path, body, (MR_GREY, LUCY, TOM)) == ["Mr. Grey"]


def test_relative_as_agent_boundary_a_relative_as_object_is_no_subject(tmp_path):
    body = 'Tom stood in the hall. Lucy Grey came down the stairs and waved to her father.\n\n"Good morning," said he.'
    assert speakers(tmp_path, body, (MR_GREY, LUCY, TOM)) == ["Tom"]


# A relative who is surely one of the cast, as a subject inside a clause (record._inner_subject).
_INNER = 'Tom stood by the fire. Lucy Grey looked up, and {}, she was ready.\n\n"Good morning," said he.'


def test_relative_as_a_subject_inside_a_clause_counts_as_a_subject(tmp_path):
    body = _INNER.format('by the time her father had come in')
    assert speakers(tmp_path, body, (MR_GREY, LUCY, TOM)) == ["Mr. Grey"]


def test_relative_inside_a_clause_boundary_a_possessive_or_a_subordinate_clause(tmp_path):
    body = _INNER.format("by the time her father's coat was dry")
    assert speakers(tmp_path, body, (MR_GREY, LUCY, TOM)) == ["Tom"]
    body = _INNER.format('long before her father came in')
    assert speakers(tmp_path, body, (MR_GREY, LUCY, TOM)) == ["Tom"]


def test_lead_in_subject_is_the_name_opening_the_main_clause_not_the_adverbial_one(tmp_path):
    body = 'Tom sat by the window. As Anna went up the stairs, Mary followed her, saying,\n\n"Wait for me."'
    assert speakers(tmp_path, body, (ANNA, MARY, TOM)) == ["Mary"]


def test_lead_in_subject_boundary_an_adverbial_clause_later_in_the_sentence(tmp_path):
    body = 'Tom sat by the window. Anna went up the stairs as Mary followed her, saying,\n\n"Wait for me."'
    assert speakers(tmp_path, body, (ANNA, MARY, TOM)) == ["Anna"]


def test_a_name_right_after_a_verb_is_its_object_though_a_verb_follows(tmp_path):
    body = 'Anna sat by the fire, and soon saw Mary walk in.\n\n"You are early," said she.'
    assert speakers(tmp_path, body, (ANNA, MARY)) == ["Anna"]


def test_object_of_a_verb_boundary_a_noun_in_ing_before_the_name(tmp_path):
    # "evening" is no verb: Mary is the subject.
    body = 'Anna sat by the fire. That evening Mary walked in.\n\n"You are early," said she.'
    assert speakers(tmp_path, body, (ANNA, MARY)) == ["Mary"]


def test_lead_in_a_subject_before_the_verb_speaks_the_name_after_it_listens(tmp_path):
    body = '"It must go," said Tom firmly, and he called Mary, who stood at the door, "Take it away!"'
    assert speakers(tmp_path, body, (MARY, TOM)) == ["Tom", "Tom"]


def test_lead_in_listener_boundary_nothing_before_the_verb_the_name_after_it_speaks(tmp_path):
    body = 'Tom stood by the window. Then called Mary from the door, "Come in!"'
    assert speakers(tmp_path, body, (MARY, TOM)) == ["Mary"]


_RAINY_EVENING = ('Anna and Mary sat by the fire with Tom.\n\n"Shall we go out?" asked Anna.\n\n'
             '"It is raining," said Tom.\n\n')


def test_tag_pronoun_is_the_subject_its_own_paragraph_names_before_turn_taking(tmp_path):
    body = _RAINY_EVENING + 'Mary looked at the window. "Then we stay," she said.'
    assert speakers(tmp_path, body, (ANNA, MARY, TOM)) == ["Anna", "Tom", "Mary"]


def test_tag_pronoun_own_paragraph_boundary_a_name_as_object_leaves_turn_taking(tmp_path):
    # Mary is only looked at: A speaks, B answers, "she said" is A again.
    body = _RAINY_EVENING + 'Tom looked at Mary. "Then we stay," she said.'
    assert speakers(tmp_path, body, (ANNA, MARY, TOM)) == ["Anna", "Tom", "Anna"]


def test_a_name_opening_its_sentence_before_a_relative_clause_is_the_subject(tmp_path):
    body = 'Mary stood by the door. Anna, whose hands were cold, sat down by the fire.\n\n"It is cold," said she.'
    assert speakers(tmp_path, body, (ANNA, MARY)) == ["Anna"]


def test_name_before_relative_clause_boundary_a_comma_without_one(tmp_path):
    # A comma after a name shows no verb of the name's by itself: "Anna, cold and tired, and the
    # dog sat down" is a list (a phrase between commas and a verb do: "Anna, cold and tired, sat
    # down", test_tag_pronoun_a_name_before_a_phrase_between_commas_is_a_subject).
    body = ('Mary stood by the door. Anna, cold and tired, and the dog sat down by the fire.\n\n'
            '"It is cold," said she.')
    assert speakers(tmp_path, body, (ANNA, MARY)) == ["Mary"]


def _letter(tag: str) -> str:
    return ('Mary Grey walked in the garden.\n\n' + 'The garden was quiet and green. ' * 60 +
            '\n\nLucy Grey read the letter aloud.\n\n"Is it true?" cried Lucy.\n\n"It is," ' + tag + '.')


def test_her_sister_is_not_the_voice_beside_her_though_not_named_lately(tmp_path):
    assert speakers(tmp_path, _letter("said her sister"), (LUCY, MARY_GREY, TOM)) == ["Lucy Grey", "Mary Grey"]


def test_her_sister_boundary_a_pronoun_goes_on_as_a_monologue(tmp_path):
    # "she" passes over the voice beside it only to someone named lately: Lucy goes on.
    assert speakers(tmp_path, _letter("said she"), (LUCY, MARY_GREY, TOM)) == ["Lucy Grey", "Lucy Grey"]


_WINDOW = 'Anna stood at the window. Mary came in with a letter. '


def test_his_brother_as_a_subject_is_not_the_one_his_means(tmp_path):
    # "His brother looked after him": the brother (Maurice), not Frank whom "his" means; so the
    # "he said" after it is Maurice's.
    frank, maurice = Character("Frank Oakley", ("Frank",), MALE), Character("Maurice Oakley", ("Maurice",), MALE)
    body = ('Maurice Oakley sat with his wife. "Go to bed, Frank," he said.\n\n'
            '"Good night," said Frank.\n\nFrank Oakley turned away towards his room. His face was pale, '
            'and he staggered as he walked. His brother looked after him with a pitying gaze.\n\n'
            '"Poor fellow," he said, "he is so delicately made."')
    assert speakers(tmp_path, body, (frank, maurice))[-2:] == ["Maurice Oakley", "Maurice Oakley"]


def test_the_one_person_a_sentence_about_a_thing_names_is_its_topic(tmp_path):
    body = _WINDOW + 'This was no comfort to Anna, and the room was cold.\n\n"Leave me," said she.'
    assert speakers(tmp_path, body, (ANNA, MARY)) == ["Anna"]


def test_tag_pronoun_a_name_inside_a_she_clause_is_no_subject(tmp_path):
    # "She was tired of Anna's long stories": the she is the clause's subject, someone other
    # than Anna; after a voice nobody names (the chains lost), the "she" is still Mary.
    body = ('Mary sat by the fire. She was tired of Anna\'s long stories.\n\n'
            '"Is it late?" asked the old man.\n\n"It is very late," she said.')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY))[-1] == "Mary"


def test_tag_pronoun_she_clause_boundary_a_he_clause_leaves_her_a_subject(tmp_path):
    # "He was tired of Anna's long stories": a he's clause; Anna, a woman, may be the "she".
    body = ('Tom sat by the fire. He was tired of Anna\'s long stories.\n\n'
            '"Is it late?" asked the old man.\n\n"It is very late," she said.')
    assert speakers(tmp_path, body, (TOM, ANNA, MARY))[-1] == "Anna"


def test_topic_of_a_thing_sentence_boundary_a_name_after_its_first_clause(tmp_path):
    # Anna is named only after the semicolon: the sentence's first clause names nobody.
    body = _WINDOW + 'It was late; the letter was for Anna.\n\n"Leave me," said she.'
    assert speakers(tmp_path, body, (ANNA, MARY)) == ["Mary"]


def _scene(filler: str) -> str:
    return ('Mary sold Anna a ribbon.\n\n' + filler +
            'Anna came home with the ribbon.\n\n"You are late," said Tom.\n\n'
            'She looked up and said: "I ran all the way, Tom!"\n\n'
            'Then Anna laughed and cried, "Oh, look!"')


def test_tag_pronoun_passes_over_the_voices_beside_it_only_to_someone_in_the_scene(tmp_path):
    # Mary was named pages ago: "she" stays Anna, though Anna also speaks the next turn.
    body = _scene('The street was long and grey. ' * 60 + '\n\n')
    assert speakers(tmp_path, body, (ANNA, MARY, TOM)) == ["Tom", "Anna", "Anna"]


def test_tag_pronoun_in_scene_boundary_someone_just_named_may_be_meant(tmp_path):
    # Mary was named a moment ago: turns alternate, so "she" between Tom and Anna is Mary.
    body = _scene('')
    assert speakers(tmp_path, body, (ANNA, MARY, TOM)) == ["Tom", "Mary", "Anna"]


# The bundled public-domain sample, read by hand: D = Della, J = Jim, M = Madame. Its card,
# shop sign and "the 'Sofronie.'" are written words, narrated.
SAMPLE_SPEAKERS = "DMMMDDDDDDJDDJDDDJJDDDJJ"


def test_bundled_sample_every_spoken_line_to_its_speaker():
    from pathlib import Path
    sample = Path(__file__).resolve().parents[1] / "samples" / "the-gift-of-the-magi.txt"
    sc, chars = pipeline.script(sample)
    assert "".join((s.speaker or "?")[0] for s in sc.segments if s.kind == "dialogue") == SAMPLE_SPEAKERS
    assert {c.name: c.gender for c in chars if c.lines} == {"Della": FEMALE, "Jim": MALE, "Madame": FEMALE}


def test_gender_from_pronouns_outweighs_the_name_lexicon_for_discovered_characters(tmp_path):
    # The lexicon calls "Marley" a girl's name; the text says "he" of this one.
    body = ('Marley walked in and he sat down. Marley looked up and he smiled. '
            '"Hello," said Marley.')
    assert discovered(tmp_path, body)["Marley"].gender == MALE


def test_gender_from_pronouns_boundary_a_cast_file_gender_stands(tmp_path):
    body = ('Marley walked in and he sat down. Marley looked up and he smiled. '
            '"Hello," said Marley.')
    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\n" + body + "\n", encoding="utf-8")
    _, chars = pipeline.script(p, [Character("Marley", (), FEMALE)])
    assert chars[0].gender == FEMALE


def test_discovery_leaves_out_first_person_contractions_and_greetings(tmp_path):
    body = ('"Good-night," said Tom. "I’ve done," I said. Tom went home, and I’ve no idea why.\n\n'
            '"Good-night," I said. I’ve said good night since, and each night Tom smiled.\n\n'
            '"I’ve seen it," said Tom. I’ve never seen him so glad.')
    chars = discovered(tmp_path, body)
    assert "Tom" in chars and not {"I’ve", "Good-night"} & set(chars)


# --- descriptions of someone the story never names -------------------------------

_BOY = ('Tom leaned out of the window. Down in the street he saw a boy in a red cap.\n\n'
        '"What day is it?" called Tom.\n\n"Sunday," replied the boy.\n\n'
        '"Sunday! Then I have time," said Tom.\n\n"You have, sir."')


def test_anon_a_description_the_text_brings_in_with_a_is_nobody_of_the_cast(tmp_path):
    # "a boy in a red cap", then "replied the boy": not Tom, the only man named; his words
    # get a voice of their own (None), and the bare answer after Tom's turn is the boy's too.
    assert speakers(tmp_path, _BOY) == ["Tom", None, "Tom", None]
    assert attribute.rules_of(script_of(tmp_path, _BOY))["anon"] == 1


def test_anon_boundary_a_description_tied_to_a_name_is_that_character(tmp_path):
    # "a tall gentleman, Mr. Grey,": the text names the one it describes.
    grey = Character("Mr. Grey", (), MALE)
    body = ('Anna sat by the fire. A tall gentleman, Mr. Grey, came into the room.\n\n'
            '"Good evening," said Tom.\n\n"Good evening to you," replied the gentleman.')
    assert speakers(tmp_path, body, (TOM, ANNA, grey)) == ["Tom", "Mr. Grey"]


def _visitors(group: str) -> str:
    return ('Tom sat at his desk, and Bill had gone out. ' + 'The fire was low and the room was cold. ' * 6 +
            'Then the door let in two visitors; they '
            'were tall gentlemen, with hats in their hands.\n\n'
            f'"Good day," said one of the {group}.\n\n"Good day," said Tom.\n\n'
            '"We are collecting for the poor," said the gentleman.')


def test_anon_one_of_the_gentlemen_brings_in_the_gentleman(tmp_path):
    # "said one of the gentlemen", then "said the gentleman": that unnamed one, not Bill.
    assert speakers(tmp_path, _visitors("gentlemen"), (TOM, BILL, ANNA))[-1] is None


def test_anon_boundary_one_of_another_noun_brings_in_nobody(tmp_path):
    # "one of the ladies" brings in no gentleman: "the gentleman" is one of the cast.
    assert speakers(tmp_path, _visitors("ladies"), (TOM, BILL, ANNA))[-1] is not None


def test_anon_boundary_a_description_after_a_few_minutes_is_not_brought_in_by_a(tmp_path):
    # "After a few minutes, the girl": the article belongs to "minutes"; the girl is Anna.
    body = ('Anna sat by the fire with Tom. ' + 'The rain fell and the wind blew. ' * 8 +
            'After a few minutes, the girl looked up.\n\n'
            '"Is it late?" said Tom.\n\n"Not yet," replied the girl.')
    assert speakers(tmp_path, body) == ["Tom", "Anna"]


def test_anon_boundary_a_few_minutes_then_a_girl_brought_in_is_nobody(tmp_path):
    body = ('Anna sat by the fire with Tom. ' + 'The rain fell and the wind blew. ' * 8 +
            'After a few minutes a girl came in.\n\n'
            '"Is it late?" said Tom.\n\n"Not yet," replied the girl.')
    assert speakers(tmp_path, body) == ["Tom", None]


NELL, KATE = Character("Nell", (), FEMALE), Character("Kate", (), FEMALE)


def _girl_at_the_door(turns: int) -> str:
    # Nell is named once, long before; Kate, named in every other turn, talks to "the girl".
    talk = [('"Who is there?" said Kate.', '"A friend," replied the girl.'),
            ('"What friend?" said Kate.', '"One who knows you," said the girl.'),
            ('"Come in, then," said Kate.', '"I cannot stay," answered the girl.'),
            ('"Why not?" said Kate.', '"They will miss me," said the girl.')][:turns]
    return ('Nell walked to the house by the mill. ' + 'The street was long and grey. ' * 60 +
            '\n\nKate heard a knock at the door.\n\n' + '\n\n'.join(a + '\n\n' + b for a, b in talk))


def test_tag_epithet_a_chapter_gives_one_character_is_that_one(tmp_path):
    # Four uses of "the girl" in the chapter, each beside Kate's named turns: the girl is
    # the other woman of the story, Nell, though she was named long before.
    assert speakers(tmp_path, _girl_at_the_door(4), (NELL, KATE)) == ["Kate", "Nell"] * 4


def test_tag_epithet_the_old_lady_is_an_epithet_too(tmp_path):
    # "lady" is also a relative ("his good lady"), but "the old lady" is an epithet.
    body = _girl_at_the_door(4).replace("the girl", "the old lady")
    assert speakers(tmp_path, body, (NELL, KATE)) == ["Kate", "Nell"] * 4


def _river(pairs: int) -> str:
    walk = [('"It is cold," said the young lady.', '"It is," replied the girl.'),
            ('"Shall we go back?" asked the young lady.', '"Not yet," answered the girl.'),
            ('"Why not?" said the young lady.', '"I like the water," said the girl.'),
            ('"Then we stay," said the young lady.', '"Thank you," replied the girl.')][:pairs]
    return ('\n\nThe two of them went down to the river, and Nell stopped on the bank.\n\n' +
            '\n\n'.join(a + '\n\n' + b for a, b in walk))


def test_tag_epithet_two_epithets_of_two_nouns_are_two_people(tmp_path):
    # The chapter's "girl" is Nell; "the young lady" walking with her is Kate, not Nell too.
    who = speakers(tmp_path, _girl_at_the_door(4) + _river(4), (NELL, KATE))
    assert who[8:] == ["Kate", "Nell"] * 4


def test_tag_epithet_boundary_one_noun_with_two_adjectives_may_be_one_person(tmp_path):
    # "the young girl" and "the girl" are one noun: nothing bars Nell from being both.
    who = speakers(tmp_path, _girl_at_the_door(4) + _river(4).replace("the young lady", "the young girl"),
                   (NELL, KATE))
    assert who[8::2] == ["Nell"] * 4


def _little_tom(times: int) -> str:
    return ('Mr. Grey sat by the fire. The door opened and ' +
            ', and '.join(['little Tom ran in', 'little Tom was wet', 'little Tom was cold'][:times]) +
            '. Tom shook the rain from his hair.\n\n"Come here," said the old gentleman.')


def test_tag_a_grown_description_is_not_one_the_text_calls_little(tmp_path):
    # "little Tom" three times: a child is no old gentleman; Mr. Grey is.
    assert speakers(tmp_path, _little_tom(3), (TOM, GREY)) == ["Mr. Grey"]


def test_tag_grown_boundary_twice_little_is_no_child(tmp_path):
    # Twice is too thin: the old gentleman is the man just named, as before.
    assert speakers(tmp_path, _little_tom(2), (TOM, GREY)) == ["Tom"]


def test_tag_grown_a_name_found_with_master_is_young(tmp_path):
    # A character known only as "Master Ned" (as discovery names him): "Master Ned" three
    # times makes him young, as "Master Ned" does for a cast's "Ned"
    ned = Character("Master Ned", (), MALE)
    body = _little_tom(3).replace("little Tom", "Master Ned").replace("Tom shook", "Ned shook")
    assert speakers(tmp_path, body, (ned, GREY)) == ["Mr. Grey"]
    # twice is too thin, as for "little Tom": the old gentleman is the one just named
    body = _little_tom(2).replace("little Tom", "Master Ned").replace("Tom shook", "Ned shook")
    assert speakers(tmp_path, body, (ned, GREY)) == ["Master Ned"]


def _gentleman_at_the_gate(epithet: str) -> str:
    talk = [('"Who is there?" said Tom.', f'"A friend," replied the {epithet}.'),
            ('"What friend?" said Tom.', f'"One who knows you," said the {epithet}.'),
            ('"Come in, then," said Tom.', f'"I cannot stay," answered the {epithet}.'),
            ('"Why not?" said Tom.', f'"They will miss me," said the {epithet}.')]
    return ('Mr. Grey walked to the farm by the mill. ' + 'The lane was long and grey. ' * 60 +
            '\n\nTom heard a knock at the gate.\n\n' + '\n\n'.join(a + '\n\n' + b for a, b in talk) +
            '\n\nBill came up the lane, and Bill stopped.\n\n"Good day," said Tom.\n\n'
            '"Good day to you," said the gentleman.')


def test_tag_epithet_the_gentleman_is_the_chapters_old_gentleman(tmp_path):
    # An old gentleman is a gentleman: the chapter's "old gentleman" is Mr. Grey, so is
    # "the gentleman", though Bill was named just before.
    assert speakers(tmp_path, _gentleman_at_the_gate("old gentleman"), (TOM, GREY, BILL))[-1] == "Mr. Grey"


def _girl_by_the_fire(after: str) -> str:
    # The chapter's "girl" is Nell (four description tags); then Kate acts, and "the girl" after her.
    return (_girl_at_the_door(4) + '\n\nKate went to the window and looked out at the rain. ' + after +
            '\n\n"It is a long way home," she said.')


def test_tag_pronoun_goes_on_from_the_chapters_epithet(tmp_path):
    # "The girl sat down by the fire": the chapter's girl, Nell; the she after it is hers,
    # though Kate was the last woman named as a subject.
    who = speakers(tmp_path, _girl_by_the_fire('The girl sat down by the fire and warmed her hands.'), (NELL, KATE))
    assert who[-1] == "Nell"


def test_tag_pronoun_epithet_boundary_a_woman_named_after_it_is_the_pronouns(tmp_path):
    # Kate named after the description: the she is the latest woman named, as before.
    who = speakers(tmp_path, _girl_by_the_fire('The girl sat down by the fire, and Kate turned round.'), (NELL, KATE))
    assert who[-1] == "Kate"


def test_tag_pronoun_epithet_boundary_a_description_of_nobody_the_tags_gave(tmp_path):
    # "the old woman" is no epithet the chapter's tags gave anyone: the she is Kate's.
    who = speakers(tmp_path, _girl_by_the_fire('The old woman sat down by the fire and warmed her hands.'),
                   (NELL, KATE))
    assert who[-1] == "Kate"


def test_tag_epithet_boundary_a_young_gentleman_is_not_every_gentleman(tmp_path):
    assert speakers(tmp_path, _gentleman_at_the_gate("young gentleman"), (TOM, GREY, BILL))[-1] == "Bill"


CHARLEY = Character("Charley", (), MALE)


def _boy_on_the_step(little: str) -> str:
    return (f'Charley sat on the step; {little}Charley was tired, {little}Charley was cold, and {little}Charley '
            'was hungry. Tom and Bill came out of the house.\n\n"Get up," said Tom.\n\n"I can\'t," said the boy.')


def test_tag_the_boy_is_one_the_text_calls_little(tmp_path):
    assert speakers(tmp_path, _boy_on_the_step("little "), (TOM, BILL, CHARLEY)) == ["Tom", "Charley"]


def test_tag_the_boy_boundary_without_little_the_man_just_named(tmp_path):
    assert speakers(tmp_path, _boy_on_the_step(""), (TOM, BILL, CHARLEY)) == ["Tom", "Bill"]


def test_tag_epithet_boundary_too_few_uses_leave_the_description_as_it_was(tmp_path):
    # Two uses are too few to tie the epithet to anyone: the girl answering Kate, the only
    # woman named lately, stays a voice of her own.
    assert speakers(tmp_path, _girl_at_the_door(2), (NELL, KATE)) == ["Kate", None] * 2


_GIRL_LATER = ('Chapter 3\n\nNell came in. Tom sat by the fire, and Kate brought him his tea.\n\n'
               '"Is it cold out?" said Tom.\n\n"Very cold," replied the girl.')


def test_tag_epithet_the_chapters_before_gave_one_character_is_that_one(tmp_path):
    # Two chapters made "the girl" Nell: in the third, with Kate just named, she is Nell still.
    body = ('Chapter 1\n\n' + _girl_at_the_door(4) + '\n\nChapter 2\n\n' + _girl_at_the_door(4) +
            '\n\n' + _GIRL_LATER)
    assert speakers(tmp_path, body, (NELL, KATE, TOM))[-2:] == ["Tom", "Nell"]


def test_tag_epithet_of_the_book_even_when_not_named_lately(tmp_path):
    # Nell, the book's "girl", was last named more than 20,000 characters before: the girl
    # talking with Tom is still Nell (a pronoun would no longer mean her).
    later = ('Chapter 3\n\n' + 'The winter was long and the snow lay deep. ' * 500 +
             '\n\nTom sat by the fire, and Kate brought him his tea.\n\n'
             '"Is it cold out?" said Tom.\n\n"Very cold," replied the girl.')
    body = 'Chapter 1\n\n' + _girl_at_the_door(4) + '\n\nChapter 2\n\n' + _girl_at_the_door(4) + '\n\n' + later
    assert speakers(tmp_path, body, (NELL, KATE, TOM))[-2:] == ["Tom", "Nell"]


def test_tag_epithet_boundary_one_chapter_before_is_not_the_book(tmp_path):
    body = 'Chapter 1\n\n' + _girl_at_the_door(4) + '\n\n' + _GIRL_LATER.replace('Chapter 3', 'Chapter 2')
    assert speakers(tmp_path, body, (NELL, KATE, TOM))[-2:] == ["Tom", "Kate"]


_GIRL_BROUGHT_IN = ('Chapter 3\n\nTom sat by the fire. Kate told him a girl was waiting in the hall, '
                    'and he went down.\n\n"Who are you?" said Tom.\n\n"A friend," replied the girl.')


def test_tag_epithet_of_the_book_even_when_the_chapter_brings_in_a_girl(tmp_path):
    # "a girl was waiting" would make "the girl" someone never named; but two chapters made
    # "the girl" Nell: the girl in the hall is Nell.
    body = 'Chapter 1\n\n' + _girl_at_the_door(4) + '\n\nChapter 2\n\n' + _girl_at_the_door(4) + '\n\n' + _GIRL_BROUGHT_IN
    assert speakers(tmp_path, body, (NELL, KATE, TOM))[-2:] == ["Tom", "Nell"]


def test_tag_epithet_boundary_one_chapter_is_no_owner_for_one_brought_in(tmp_path):
    # One chapter's epithet is not the book's: the girl brought in stays nobody's.
    body = 'Chapter 1\n\n' + _girl_at_the_door(4) + '\n\n' + _GIRL_BROUGHT_IN.replace('Chapter 3', 'Chapter 2')
    assert speakers(tmp_path, body, (NELL, KATE, TOM))[-2:] == ["Tom", None]


UNSEEN = Character("The Invisible Man", ("Griffin", "The Voice"), MALE)
_HEATH = 'Tom and Bill walked on the heath. Bill had a loud voice.\n\n"Who is there?" cried Tom.\n\n"Only me," said a Voice.'


def test_tag_a_capitalised_role_after_a_is_that_role(tmp_path):
    # The story writes its unseen speaker "the Voice" (and "voice" as a word too): "said a
    # Voice" is that one, not Bill, the other man just named.
    assert speakers(tmp_path, _HEATH, (TOM, BILL, UNSEEN)) == ["Tom", "The Invisible Man"]


def test_tag_a_capitalised_role_boundary_a_voice_in_lower_case_is_not_the_role(tmp_path):
    body = _HEATH.replace("a Voice", "a voice")
    assert speakers(tmp_path, body, (TOM, BILL, UNSEEN))[-1] != "The Invisible Man"


JAILERS = (Character("The Jailer At Tom's Trial", (), MALE), Character("The Jailer At Bill's Trial", (), MALE))


def test_tag_a_noun_of_two_roles_is_the_one_whose_words_name_the_scene(tmp_path):
    # Two roles are "the jailer"; Bill, named in the narration, is in the one's name.
    body = ('Bill stood in the dock, and Anna watched from the gallery.\n\n'
            '"Silence there!" said the jailer.\n\n"I said nothing," said Bill.')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL) + JAILERS) == ["The Jailer At Bill's Trial", "Bill"]


def test_tag_a_noun_of_two_roles_boundary_neither_scene_named_is_neither_role(tmp_path):
    body = ('Anna stood in the dock.\n\n"Silence there!" said the jailer.\n\n"I said nothing," said Anna.')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL) + JAILERS)[0] not in {j.name for j in JAILERS}


SAILORS = (Character("One Sailor", (), MALE), Character("Another Sailor", (), MALE),
           Character("One Of The Porters", (), MALE), Character("The Second Cook", (), FEMALE))
_HARBOUR = ('Tom walked down to the harbour, where the sailors were mending the nets.\n\n'
            '"Fine weather," said one.\n\n"Too fine," said another.\n\n"You think so?" asked Tom.\n\n'
            'He went on to the station. The porters stood about the door.\n\n'
            '"A cab, sir?" asked one of the porters.\n\n"No," said Tom.')


def test_tag_one_of_a_group_is_the_cast_role_named_so(tmp_path):
    # The cast lists the group's ones: "said one" and "said another" a little after "the
    # sailors" are "One Sailor" and "Another Sailor"; "one of the porters" is "One Of The Porters".
    assert speakers(tmp_path, _HARBOUR, (TOM,) + SAILORS) == [
        "One Sailor", "Another Sailor", "Tom", "One Of The Porters", "Tom"]


def test_tag_one_of_a_group_boundary_the_group_not_named_lately_is_nobody(tmp_path):
    # "said the second" with no cooks in the narration before: someone of a group the story
    # does not name, not the cast's "The Second Cook"; "said another" where no sailors were
    # named: nobody either.
    body = ('Tom sat down at the long table with the guests.\n\n"Salt," said the first.\n\n'
            '"Pepper," said the second.\n\n"Bread," said another.')
    assert speakers(tmp_path, body, (TOM,) + SAILORS) == [None, None, None]


HIGH_CHAIR = (Character("Mr. Grey", ("The Gentleman In The High Chair",), MALE),
              Character("The Man With The Black Beard", (), MALE), Character("The Tall Man With The Brown Hat", (), MALE))


def test_tag_a_description_with_a_phrase_is_the_role_of_that_noun_and_phrase(tmp_path):
    # "the red-faced gentleman in the high chair": the alias "The Gentleman In The High Chair",
    # its adjective aside; "the man with the beard": "The Man With The Black Beard".
    body = ('Tom came into the board room, where a fat gentleman sat at the top of the table.\n\n'
            '"Sit," said the red-faced gentleman in the high chair.\n\n"No," said Tom.\n\n'
            '"Do," said the man with the beard.')
    assert speakers(tmp_path, body, (TOM,) + HIGH_CHAIR) == ["Mr. Grey", "Tom", "The Man With The Black Beard"]


def test_tag_a_description_with_a_phrase_boundary_a_phrase_of_other_words_is_not_the_role(tmp_path):
    # "the man with the grey hat" is not "The Tall Man With The Brown Hat".
    body = ('Tom came in.\n\n"Well," said the man with the grey hat.')
    assert speakers(tmp_path, body, (TOM,) + HIGH_CHAIR) != ["The Tall Man With The Brown Hat"]


KATE_GREY = Character("Kate Grey", ("Miss Grey",), FEMALE)
_TEA = 'Kate came in, and Mrs. Grey looked up from the tea.\n\n"Where have you been?" asked Tom.\n\n"Out," said the girl.'


def test_tag_the_girl_is_not_a_married_woman(tmp_path):
    # Mrs. Grey was the woman named last, but a Mrs. is no "girl": Kate is.
    assert speakers(tmp_path, _TEA, (TOM, MRS_GREY, KATE_GREY)) == ["Tom", "Kate Grey"]


def test_tag_the_girl_boundary_the_young_woman_may_be_married(tmp_path):
    body = _TEA.replace("the girl", "the young woman")
    assert speakers(tmp_path, body, (TOM, MRS_GREY, KATE_GREY)) == ["Tom", "Mrs. Grey"]


def test_tag_the_old_lady_is_not_a_miss(tmp_path):
    body = ('Mrs. Grey came in, and Kate looked up from the tea.\n\n"Where have you been?" asked Tom.\n\n'
            '"Out," said the old lady.')
    assert speakers(tmp_path, body, (TOM, MRS_GREY, KATE_GREY)) == ["Tom", "Mrs. Grey"]


def test_tag_the_boy_is_not_a_mister(tmp_path):
    body = ('Tom came in, and Mr. Grey looked up from his paper.\n\n"Where have you been?" asked Anna.\n\n'
            '"Out," said the boy.')
    assert speakers(tmp_path, body, (TOM, ANNA, GREY)) == ["Anna", "Tom"]


def test_tag_the_boy_boundary_with_no_one_else_at_hand_the_mister(tmp_path):
    body = ('Mr. Grey looked up from his paper.\n\n"Where have you been?" asked Anna.\n\n"Out," said the boy.')
    assert speakers(tmp_path, body, (TOM, ANNA, GREY))[-1] != "Tom"


BROWNS = (Character("Mr. Grey", (), MALE), Character("Mrs. Grey", (), FEMALE),
          Character("Mr. Brown", (), MALE), Character("Mrs. Brown", (), FEMALE))
_COLD_TEA = ('Mr. Grey and Mr. Brown came into the room where Mrs. Grey sat.\n\n'
             '"The tea is cold," said Mrs. Grey. Mrs. Brown came in with the cakes.\n\n"Nonsense," said her husband.')


def test_tag_her_husband_is_the_husband_of_the_one_who_just_spoke(tmp_path):
    # Mrs. Brown was the woman named last, but "her husband" answers Mrs. Grey: Mr. Grey.
    assert speakers(tmp_path, _COLD_TEA, BROWNS) == ["Mrs. Grey", "Mr. Grey"]


def test_tag_her_husband_boundary_after_narration_the_woman_named_last(tmp_path):
    body = _COLD_TEA.replace('\n\n"Nonsense,"', '\n\nThe fire burned low.\n\n"Nonsense,"')
    assert speakers(tmp_path, body, BROWNS) == ["Mrs. Grey", "Mr. Brown"]


def test_anon_boundary_a_noun_a_character_is_known_by(tmp_path):
    # The cast calls someone "The Gentleman": "replied the gentleman" is a name.
    gent = Character("The Gentleman", (), MALE)
    body = ('Tom leaned out of the window. Down in the street he saw a gentleman.\n\n'
            '"What day is it?" called Tom.\n\n"Sunday," replied the gentleman.')
    assert speakers(tmp_path, body, (TOM, ANNA, gent)) == ["Tom", "The Gentleman"]


def test_anon_indefinite_speakers_and_one_of_a_group(tmp_path):
    body = ('Tom stood among the men by the gate.\n\n"Who goes there?" cried a voice.\n\n'
            '"It is only me," said Tom.\n\n"Then come in," said one of the men.')
    assert speakers(tmp_path, body) == [None, "Tom", None]


GREY, MRS_GREY = Character("Mr. Grey", (), MALE), Character("Mrs. Grey", (), FEMALE)


def test_tag_a_name_with_a_possessive_and_wife_is_his_wife(tmp_path):
    # "Mr. Grey's good lady" is not Mr. Grey: the one Mrs. of his family.
    body = 'Mr. Grey and Mrs. Grey sat by the fire.\n\n"Go to bed," said Mr. Grey\'s good lady.'
    assert speakers(tmp_path, body, (GREY, MRS_GREY, TOM)) == ["Mrs. Grey"]


def test_tag_a_name_with_a_possessive_and_a_person_noun_is_not_that_name(tmp_path):
    # "Tom's benefactress" is a woman of the scene, never Tom.
    body = 'Anna brought Tom home.\n\n"Sit down," said Tom\'s benefactress.'
    assert speakers(tmp_path, body) == ["Anna"]


def test_tag_possessive_boundary_a_name_with_its_voice_is_that_name(tmp_path):
    body = 'Anna waited in the hall.\n\n"Wait for me," said Tom\'s voice from the stairs.'
    assert speakers(tmp_path, body) == ["Tom"]


def _family_dinner(nephew_tags: int = 2) -> str:
    """Bill and Tom talk; then Tom's nephew and Tom's niece speak, tagged only so."""
    body = ('Bill came in with Tom, and Bill sat down by the fire.\n\n'
            '"It is a cold night," said Bill.\n\n"It is," said Tom.\n\n'
            'Bill laughed, and went out again.\n\n')
    turns = [('"We shall have snow by morning," said Tom\'s nephew.', '"I hope not," cried Tom\'s niece.'),
             ('"Why not?" asked Tom\'s nephew.', '"The roads," said Tom\'s niece.'),
             ('"Roads can wait," said Tom\'s nephew.', '"So can you," said Tom\'s niece.')]
    return body + "\n\n".join(a + "\n\n" + b for a, b in turns[:nephew_tags])


def test_relative_role_without_cast_a_possessive_relative_is_a_character_of_his_own(tmp_path):
    # No cast: "Tom's nephew" is one person of his own (one voice), never Bill, the man
    # named last; "Tom's niece" another.
    who = speakers(tmp_path, _family_dinner(3), characters=None)
    assert who[2:] == ["Tom's Nephew", "Tom's Niece"] * 3


def test_relative_role_without_cast_joins_the_name_his_turns_answer_to(tmp_path):
    # The niece calls him "Fred" and "Tom's nephew" answers: one person, one voice, also
    # where the tag says "said Fred".
    body = ('Bill came in with Tom.\n\n"Cold," said Bill.\n\nBill went out.\n\n' + "\n\n".join(
        f'"{q}, Fred?" asked Tom\'s niece.\n\n"{a}," said Tom\'s nephew.'
        for q, a in [("Snow", "Yes"), ("Rain", "No"), ("Wind", "Perhaps"), ("Sun", "Never")])
        + '\n\nFred laughed at that.\n\n"Good night," said Fred.')
    who = speakers(tmp_path, body, characters=None)
    nephew = who[2::2][:4]
    assert len(set(nephew)) == 1 and nephew[0] in ("Fred", "Tom's Nephew") and who[-1] == nephew[0]
    assert who[1:9:2] == ["Tom's Niece"] * 4


def test_relative_role_without_cast_one_kin_tag_is_enough(tmp_path):
    # "said Tom's father" once: someone of his own, not Bill.
    body = ('Bill came in with Tom.\n\n"Cold," said Bill.\n\n"Yes," said Tom.\n\n'
            '"Shut the door," said Tom\'s father.')
    assert speakers(tmp_path, body, characters=None)[-1] == "Tom's Father"


def test_relative_role_boundary_a_named_apposition_is_that_name(tmp_path):
    # "said Tom's friend, Harry," twice: the name says who; no role "Tom's Friend".
    body = ('Harry walked with Tom.\n\n"Cold," said Tom\'s friend, Harry, shivering.\n\n'
            '"Yes," said Tom.\n\n"Very," said Tom\'s friend, Harry, again.')
    who = speakers(tmp_path, body, characters=None)
    assert "Tom's Friend" not in who


def test_relative_role_without_cast_the_name_the_narration_gives_him(tmp_path):
    # "Tom's nephew, Harry," in the narration: "said Tom's nephew" is Harry, one voice.
    body = ('Tom came in with Bill, and Tom\'s nephew, Harry, followed them. Harry shut the door.\n\n'
            '"Cold," said Bill.\n\n"Very," said Tom\'s nephew.\n\n"Sit down," said Harry.')
    assert speakers(tmp_path, body, characters=None) == ["Bill", "Harry", "Harry"]


def test_relative_role_without_cast_who_names_himself_is_that_name(tmp_path):
    # '"I am Harry," said Tom's nephew': Tom's nephew is Harry, named in the story.
    body = ('Tom came in with Bill. Harry was late, and Harry knew it.\n\n"Cold," said Bill.\n\n'
            '"I am Harry," said Tom\'s nephew.\n\n"Welcome," said Bill.\n\n"Thank you," said Tom\'s nephew.')
    who = speakers(tmp_path, body, characters=None)
    assert who == ["Bill", "Harry", "Bill", "Harry"]


def test_relative_the_name_right_beside_the_tag(tmp_path):
    # "said Tom's nephew, Harry,": Harry, even named there first.
    body = ('Tom came in with Bill.\n\n"Cold," said Bill.\n\n'
            '"Very," said Tom\'s nephew, Harry, shutting the door.')
    assert speakers(tmp_path, body, (TOM, BILL, Character("Harry", (), MALE)))[-1] == "Harry"


def test_relative_role_boundary_the_one_mrs_of_the_family_stays_his_wife(tmp_path):
    # "said Mr. Grey's wife" with a Mrs. Grey in the story: she, no role "Mr. Grey's Wife".
    body = ('Mr. Grey sat by the fire, and Mrs. Grey knitted. Tom came in, and Mrs. Grey looked up.\n\n'
            '"Good evening," said Tom.\n\n"Sit down," said Mr. Grey\'s wife.\n\n'
            '"Thank you," said Tom.\n\n"Tea?" asked Mr. Grey\'s wife.')
    who = speakers(tmp_path, body, characters=None)
    assert who == ["Tom", "Mrs. Grey", "Tom", "Mrs. Grey"]


def test_relative_kin_a_bare_family_name_has_the_family_mrs(tmp_path):
    # "said Finch's wife", where "Finch" is never given a title or a first name: Mrs. Finch.
    body = ('Finch came home late. Mrs. Finch waited, and Mrs. Hale with her.\n\n'
            '"You are late," said Mrs. Hale.\n\n"I know," said Finch.\n\n'
            '"Supper is cold," said Finch\'s wife.')
    chars = [Character("Finch", (), MALE), Character("Mrs. Finch", (), FEMALE), Character("Mrs. Hale", (), FEMALE)]
    assert speakers(tmp_path, body, chars)[-1] == "Mrs. Finch"


def test_relative_with_cast_the_cast_name_of_the_relative(tmp_path):
    # A cast that lists "Tom's Nephew" (as a name or an alias) is who the tag means.
    chars = [TOM, BILL, Character("Ned", ("Tom's Nephew",), MALE), Character("Tom's Niece", (), FEMALE)]
    who = speakers(tmp_path, _family_dinner(2), chars)
    assert who[2:] == ["Ned", "Tom's Niece"] * 2


def test_relative_with_cast_none_fits_is_nobody(tmp_path):
    # The cast has no nephew of Tom's: "said Tom's nephew" is nobody (a neutral voice), never
    # Bill, the man named last; so is "said the nephew" just after.
    body = _family_dinner(1) + '\n\n"Good night," said the nephew.'
    who = speakers(tmp_path, body, (TOM, BILL, ANNA))
    assert who[2] is None and who[-1] is None


def test_relative_with_cast_boundary_one_of_the_owners_family(tmp_path):
    # "said Tom Finch's brother" and the cast has Ned Finch: he, not Bill named last.
    body = ('Tom Finch and Ned Finch came in, and Bill with them.\n\n"Cold," said Bill.\n\n'
            '"Very," said Tom Finch\'s brother.')
    chars = [Character("Tom Finch", (), MALE), Character("Ned Finch", (), MALE), BILL]
    assert speakers(tmp_path, body, chars)[-1] == "Ned Finch"


def test_relative_without_cast_the_nephew_is_the_one_said_before(tmp_path):
    # "said the nephew" after "Tom's nephew": the same voice.
    body = _family_dinner(2) + '\n\nBill came back.\n\n"Good night," said the nephew.'
    assert speakers(tmp_path, body, characters=None)[-1] == "Tom's Nephew"


def test_anon_the_voice_nobody_owns_is_a_voice_of_its_own(tmp_path):
    # "said the voice": heard, not seen, and the narration ties it to nobody: not Tom.
    body = 'Tom sat by the fire. Then he heard a voice outside.\n\n"Open the door!" said the voice.'
    assert speakers(tmp_path, body) == [None]


def test_anon_a_voice_before_a_newcomer_is_named_is_the_newcomer(tmp_path):
    # A voice behind the door, then the text brings in Bill for the first time: the voice was his.
    body = ('Tom knocked at the door of the house.\n\n"Who is there?" cried a voice.\n\n'
            '"It is Tom," said Tom.\n\nThe door opened, and Bill came out with a lamp.')
    assert speakers(tmp_path, body, (TOM, BILL)) == ["Bill", "Tom"]


def test_anon_newcomer_boundary_one_named_before_or_of_the_other_sex(tmp_path):
    # Bill was named before the voice, and Anna, named first after it, is no "he": nobody's.
    body = ('Tom and Bill came to the door of the house.\n\n"Who is there?" cried a voice, and he '
            'laughed.\n\n"It is Tom," said Tom.\n\nThe door opened, and Anna came out with a lamp.')
    assert speakers(tmp_path, body, (TOM, BILL, ANNA)) == [None, "Tom"]


def test_anon_a_voice_is_the_one_the_narration_then_sees(tmp_path):
    # Bill, gone from the story for a while, is the one Tom sees right after the voice speaks.
    body = ('Bill went away to the town.\n\n' + _LONG_AWAY + '\n\nTom walked in the garden alone.\n\n'
            '"A fine day!" said a timid voice at his side. He was walking by Bill, who smiled.\n\n'
            '"Very fine," said Tom.')
    assert speakers(tmp_path, body, (TOM, BILL)) == ["Bill", "Tom"]


def test_anon_seen_after_boundary_one_in_the_scene_or_seen_only_after_the_next_quote(tmp_path):
    # Bill named in the scene just before (the one spoken to, not the voice), or named only
    # after the next quote: the voice stays nobody's.
    body = ('Tom and Bill walked in the garden.\n\n'
            '"A fine day!" said a timid voice at his side. He was walking by Bill, who smiled.\n\n'
            '"Very fine," said Tom.')
    assert speakers(tmp_path, body, (TOM, BILL)) == [None, "Tom"]
    body = ('Bill went away to the town.\n\n' + _LONG_AWAY + '\n\nTom walked in the garden alone.\n\n'
            '"A fine day!" said a timid voice at his side.\n\n"Very fine," said Tom. He was walking by Bill.')
    assert speakers(tmp_path, body, (TOM, BILL)) == [None, "Tom"]


def test_anon_boundary_the_voice_the_narration_gives_an_owner(tmp_path):
    # "his voice came up from below": the voice is Tom's.
    body = ('Anna waited. Tom went down the stairs, but his voice came up from below.\n\n'
            '"Wait there," said the voice.')
    assert speakers(tmp_path, body) == ["Tom"]


def test_anon_description_called_by_name_just_before_is_the_one_called(tmp_path):
    # Anna calls Tom; the voice that answers is his, not someone the story never names.
    body = 'Anna stood in the dark hall.\n\n"Bring a light, Tom," said Anna.\n\n"Coming!" cried a voice.'
    assert speakers(tmp_path, body) == ["Anna", "Tom"]


def test_anon_called_boundary_not_one_the_answer_talks_about(tmp_path):
    # The answer names Tom: it is not Tom who answers.
    body = 'Anna stood in the dark hall.\n\n"Bring a light, Tom," said Anna.\n\n"Tom is out," cried a voice.'
    assert speakers(tmp_path, body) == ["Anna", None]


def test_anon_another_and_a_third_of_a_group(tmp_path):
    body = ('Tom stood among the men by the gate.\n\n"Who goes there?" asked Tom.\n\n'
            '"Friends," said another.\n\n"And the rest of us," added a third.')
    assert speakers(tmp_path, body) == ["Tom", None, None]


def test_anon_the_only_one_a_description_may_mean_is_the_one_answered(tmp_path):
    # No "a boy" brings him in, but the only man at hand is Tom, who asked: "the boy"
    # who answers him is someone else, whom the story does not name.
    body = ('Anna went out. Tom stood at the door of the shop.\n\n'
            '"What day is it?" asked Tom.\n\n"Sunday," replied the boy.')
    assert speakers(tmp_path, body) == ["Tom", None]


def test_anon_boundary_another_man_in_the_scene_is_the_description(tmp_path):
    # Bill is in the scene: "the boy" who answers Tom is Bill.
    body = ('Tom and Bill stood at the door of the shop.\n\n'
            '"What day is it?" asked Tom.\n\n"Sunday," replied the boy.')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Bill"]


def test_anon_a_bare_turn_between_people_the_story_does_not_name_is_theirs(tmp_path):
    # Two unnamed men talk while Tom watches: the bare turn between theirs is one of them,
    # not Tom, whom the conversation path would otherwise bring in.
    body = ('Tom sat in the corner and watched two men by the gate.\n\n'
            '"Is it late?" said one of the men.\n\n"Late enough," said another.\n\n'
            '"Then let us go home."\n\n"Not yet," said the first.')
    assert speakers(tmp_path, body) == [None, None, None, None]


def test_anon_boundary_a_description_that_thinks_is_the_one_the_story_follows(tmp_path):
    # "the tired girl thought": a thought is one whose mind the narration follows, Anna.
    body = ('Anna had walked since dawn. ' + 'The road went on over the hills and down again. ' * 5 +
            'At the bridge she met a girl from the village, and they parted there.\n\n'
            '"How far it is," the tired girl thought.')
    assert speakers(tmp_path, body) == ["Anna"]


def test_anon_boundary_a_voice_the_narration_then_names(tmp_path):
    body = ('Anna waited by the river in the dark.\n\nA voice close by said: "Is that you?" It was '
            "Tom's voice, and she ran to him.")
    assert speakers(tmp_path, body) == ["Tom"]


def test_anon_boundary_a_voice_of_someone_of_a_character_stays_nobody(tmp_path):
    body = ('Tom sat alone by the fire.\n\n"Good evening!" cried a voice at the door. It was the voice of '
            "Tom's cousin, who came in laughing.")
    assert speakers(tmp_path, body) == [None]


# --- the first-person narrator -----------------------------------------------------

# Narration in the first person ("I" far more often than he/she) around the dialogue below.
_I_FILLER = "\n\n".join(
    f"I walked on for a while{', and I counted the fences' * (k % 2)}. I was tired, but I kept going, "
    "and I thought about the road."
    for k in range(10))


def _narrator(tmp_path, body):
    return [c.name for c in discovered(tmp_path, body).values() if c.narrator]


def test_narrator_is_the_one_addressed_beside_the_quotes_tagged_i(tmp_path):
    # Rob speaks to the narrator ("Ned, ...") around "said I"; the captain is addressed as
    # often, never named in narration, but only in a talk between two others.
    talk = "\n\n".join([
        'Rob Dale came up the road. Rob Dale waved.',
        '"Ned, you are late," said Rob.', '"I know it," said I.', '"Ned, come in," he said.',
        '"Is it warm?" I asked.', '"Warm enough, Ned," said Rob.',
        '"Captain, the boat is ready," said Rob to the old sailor.',
        '"Good," said the old sailor.', '"Captain, the rope?" asked Rob.', '"Leave it," he said.',
        '"Captain, the sail?" asked Rob.', 'The old sailor shrugged.',
        'Ned Hale, that is me, went home.'])
    assert _narrator(tmp_path, _I_FILLER + "\n\n" + talk) == ["Ned"]


def test_narrator_boundary_the_one_the_narrator_talks_to_is_not_him(tmp_path):
    # Only the narrator's own quotes name Rob: Rob is his listener, not the "I", who has
    # no name: his lines get one voice of their own.
    talk = "\n\n".join([
        'Rob Dale came up the road. Rob Dale waved.',
        '"Rob, you are late," said I.', '"The road was long," he said.',
        '"Rob, come in," I said.', '"Thank you," he said.', '"Rob, sit down," said I.'])
    assert _narrator(tmp_path, _I_FILLER + "\n\n" + talk) == ["The Narrator"]


def test_narrator_gives_his_own_name(tmp_path):
    body = ("Call me Ned. " + _I_FILLER + "\n\nThey called me Ned at the mill, and Ned I stayed. "
            "Rob Dale came up the road. Rob Dale waved.\n\n"
            '"You are late," said Rob.\n\n"I know it," said I.')
    assert _narrator(tmp_path, body) == ["Ned"]


def test_narrator_boundary_a_line_of_a_play_names_its_speaker_not_the_narrator(tmp_path):
    # A play: the speaker's name opens each line; "my name is" there is that speaker's.
    lines_ = [f"ANNA.  I came, I saw the garden, and I think I like it {k} times." for k in range(12)]
    lines_ += ["TOM.  Well, my name is Ned in town, and I like it.", "ANNA.  I see.",
               "TOM.  And my name is Ned at home."]
    assert _narrator(tmp_path, "\n\n".join(lines_)) == []


def test_discovery_a_name_mostly_used_in_address_in_a_first_person_story(tmp_path):
    # "Ned" is named in narration twice (a heading, a full name), addressed five times.
    talk = "\n\n".join([
        'Ned Hale and the Mill.', 'Rob Dale came up the road. Rob Dale waved.',
        '"Ned, you are late," said Rob.', '"I know it," said I.', '"Ned, come in," he said.',
        '"Is it warm?" I asked.', '"Warm enough, Ned," said Rob.', '"Good," said I.',
        '"Ned, sit," said Rob.', '"Ned, eat," said Rob.', 'Ned Hale ate.'])
    chars = discovered(tmp_path, _I_FILLER + "\n\n" + talk)
    assert "Ned" in chars and "Ned Hale" in chars["Ned"].aliases and chars["Ned"].narrator


def test_discovery_boundary_a_name_narrated_as_often_as_addressed_is_no_address_name(tmp_path):
    # Addressed three times but named in narration twice: no name of address only.
    talk = "\n\n".join([
        'Rob Dale came up the road. Rob Dale waved. I thought of Ned, and of Ned at home.',
        '"Ned, you are late," said Rob.', '"I know it," said I.', '"Ned, come in," he said.',
        '"Is it warm?" I asked.', '"Warm enough, Ned," said Rob.'])
    assert "Ned" not in discovered(tmp_path, _I_FILLER + "\n\n" + talk)


def test_discovery_a_title_and_a_known_name_in_address_is_that_one(tmp_path):
    # "Mr. Stubbs, ..." is said to Stubbs, whom the narration names: no second character.
    talk = "\n\n".join(['I saw Stubbs come up the road, and Stubbs waved. Stubbs nodded.'] + [
        f'"Mr. Stubbs, {w}," said I.' for w in ("sit", "eat", "rest")])
    chars = discovered(tmp_path, _I_FILLER + "\n\n" + talk)
    assert "Stubbs" in chars and "Mr. Stubbs" not in chars


def test_discovery_a_title_and_the_family_name_of_a_known_full_name_in_address_is_that_one(tmp_path):
    # "Mr. Vance, ..." is said to Mr. Tom Vance, the one Vance the narration names
    talk = "\n\n".join(['I saw Mr. Tom Vance come up the road, and Mr. Tom Vance waved.'] + [
        f'"Mr. Vance, {w}," said I.' for w in ("sit", "eat", "rest")])
    chars = discovered(tmp_path, _I_FILLER + "\n\n" + talk)
    assert "Mr. Tom Vance" in chars and "Mr. Vance" not in chars


def test_discovery_boundary_a_family_name_of_two_known_full_names_in_address_stays_apart(tmp_path):
    # Tom Vance and Rob Vance: "Mr. Vance" is neither for sure; beside Ann Vance alone, not she
    calls = [f'"Mr. Vance, {w}," said I.' for w in ("sit", "eat", "rest")]
    for named in ("Tom Vance nodded. Tom Vance waved. Rob Vance nodded. Rob Vance waved.",
                  "Ann Vance nodded. Ann Vance waved."):
        chars = discovered(tmp_path, _I_FILLER + "\n\n" + "\n\n".join([named] + calls))
        assert "Mr. Vance" in chars, named
        assert len([c for c in chars.values() if "Vance" in c.name]) == named.count("Vance") // 2 + 1


def test_discovery_boundary_a_title_and_an_unknown_name_in_address_is_someone(tmp_path):
    talk = "\n\n".join(['I saw Stubbs come up the road, and Stubbs waved. Stubbs nodded.'] + [
        f'"Mr. Vance, {w}," said Stubbs.' for w in ("sit", "eat", "rest")])
    assert "Mr. Vance" in discovered(tmp_path, _I_FILLER + "\n\n" + talk)


def test_narrator_boundary_i_said_inside_narration_tags_no_quote(tmp_path):
    # "as I said before" in the narration of Rob's paragraphs does not make them the narrator's.
    talk = "\n\n".join([
        'Rob Dale came up the road. Rob Dale waved.',
        '"Ned, you are late," said Rob. Rob was cross, as I said before, and tired.',
        '"I know it," said I.',
        '"Ned, come in," he said. He was kind, as I told you, to everyone.',
        '"Is it warm?" I asked.', '"Warm enough, Ned," said Rob.'])
    assert _narrator(tmp_path, _I_FILLER + "\n\n" + talk) == ["Ned"]


def test_pronoun_does_not_reach_back_to_someone_long_forgotten(tmp_path):
    # Anna was a subject pages and pages ago; Mary, named just now, is whom "she" can mean.
    filler = "The road went on through the hills and the woods. " * 420  # over 20,000 characters
    body = 'Anna sat down.\n\n' + filler + '\n\nTom walked with Mary.\n\n"Hello," she said.'
    assert speakers(tmp_path, body, (ANNA, MARY, TOM)) == ["Mary"]


def test_pronoun_forgotten_boundary_a_subject_named_lately_still_leads(tmp_path):
    filler = "The road went on through the hills and the woods. " * 20
    body = 'Anna sat down.\n\n' + filler + '\n\nTom walked with Mary.\n\n"Hello," she said.'
    assert speakers(tmp_path, body, (ANNA, MARY, TOM)) == ["Anna"]


def _two_stories(kate_thinks: str) -> str:
    first = "Chapter 1\n\n" + "Anna walked and Anna rested. " * 40 + '\n\n"Good," said Anna.\n\n'
    second = "Chapter 2\n\n" + "Kate walked and Kate rested. " * 28 + "\n\n" + kate_thinks
    return first + second


def test_thoughts_go_to_the_protagonist_of_the_chapter_in_a_collection(tmp_path):
    # Anna is the most named woman of the book, Kate of the second story: her thoughts.
    assert speakers(tmp_path, _two_stories('"Where now?" she thought.'), (ANNA, Character("Kate", (), FEMALE))) \
        == ["Anna", "Kate"]


def test_protagonist_of_the_chapter_boundary_a_chapter_naming_few_keeps_the_books(tmp_path):
    few = "Chapter 1\n\n" + "Anna walked and Anna rested. " * 40 + '\n\n"Good," said Anna.\n\n' + \
        "Chapter 2\n\nKate walked, and she stopped.\n\n" + '"Where now?" she thought.'
    # (the "she" between keeps Kate, the subject just named, from being the thinker by recency)
    assert speakers(tmp_path, few, (ANNA, Character("Kate", (), FEMALE))) == ["Anna", "Anna"]


def test_a_name_before_street_or_park_is_a_place_not_a_mention(tmp_path):
    # Tom Baker is far away; "Baker Street" does not bring him back into the scene.
    baker = Character("Tom Baker", ("Baker",), MALE)
    body = 'Anna waved to Bill.\n\nShe walked home along Baker Street.\n\n"Tea?" he asked.'
    assert speakers(tmp_path, body, (baker, BILL, ANNA)) == ["Bill"]


def test_a_name_before_a_place_word_boundary_a_name_alone_is_a_mention(tmp_path):
    baker = Character("Tom Baker", ("Baker",), MALE)
    body = 'Anna waved to Bill.\n\nShe walked home along the street with Baker.\n\n"Tea?" he asked.'
    assert speakers(tmp_path, body, (baker, BILL, ANNA)) == ["Tom Baker"]


# --- rule 9: the evidence a weak tag gives the conversation path ------------------------------

def _turns_of(tmp_path, body, characters):
    """The turns of a small story's only chapter, rules 1-4 decided, and its cast."""
    from talecast import read, segment
    from talecast.attribute.cast import _Cast
    from talecast.attribute.sieve import _decide_tags, _local_rules
    from talecast.attribute.turns import _collect_turns, _conversations

    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\n" + body.strip() + "\n", encoding="utf-8")
    sc = segment.segment(read.read(p))
    cast = _Cast(list(characters), sc, given=True)
    ch = next(c for c in sc.chapters if any(s.kind == "dialogue" for s in c.segments))
    turns = _collect_turns(list(ch.segments), cast, sc.source, cast.salience)
    for conv in _conversations(turns):
        _decide_tags(conv)
        for t in conv:
            _local_rules(t, conv)
    return turns, cast


MARY = Character("Mary", (), FEMALE)


def test_conv_a_pronoun_tag_leaves_the_other_women_it_may_mean_open(tmp_path):
    # "she said": Mary (named last) is the pronoun's first candidate, Anna its second; the
    # path weighs Anna as it would a bare turn, and Tom, whom "she" cannot mean, as before.
    from talecast.attribute.conversation import _W_WEAK, _decided
    body = ('Anna sat with Tom by the fire. Mary was asleep upstairs.\n\n'
            '"Are you cold?" asked Tom.\n\n"A little," she said.')
    turns, cast = _turns_of(tmp_path, body, (TOM, ANNA, MARY))
    she = turns[-1]
    names = [c.name for c in cast.chars]
    first = names[she.speaker]
    other = next(n for n in ("Anna", "Mary") if n != first)
    assert _decided(she, names.index(first)) == _W_WEAK
    assert _decided(she, names.index(other)) == 0.0
    assert _decided(she, names.index("Tom")) == -_W_WEAK


def test_conv_boundary_a_named_tag_and_a_relative_still_tell_against_everyone_else(tmp_path):
    from talecast.attribute.conversation import _W_NAMED, _W_WEAK, _decided
    mrs = Character("Mrs. Grey", (), FEMALE)
    anna = Character("Anna Grey", ("Anna",), FEMALE)
    body = ('Anna Grey sat with Tom. Mary came in.\n\n"Are you cold?" said Mary.\n\n'
            '"A little," said her mother.')
    turns, cast = _turns_of(tmp_path, body, (TOM, anna, MARY, mrs))
    names = [c.name for c in cast.chars]
    named, kin = turns[-2], turns[-1]
    assert _decided(named, names.index("Anna Grey")) == -_W_NAMED
    assert kin.tags[0] is not None and kin.tags[0].kin
    assert all(_decided(kin, c) == -_W_WEAK for c in range(len(names)) if c != kin.speaker)



def test_conv_an_actor_alone_weighs_half_a_pronoun_tag(tmp_path):
    # "Anna looked up from her book." beside a bare quote: the one acting is often the one
    # spoken to, so an actor alone tells the path less than "she said" does.
    from talecast.attribute.conversation import _W_ACTOR, _W_WEAK, _decided
    body = '"Is it late?" asked Tom.\n\nAnna looked up from her book. "Nearly ten."'
    turns, cast = _turns_of(tmp_path, body, (TOM, ANNA))
    names = [c.name for c in cast.chars]
    acted = turns[-1]
    assert acted.rules == ["actor"] and names[acted.speaker] == "Anna"
    assert _decided(acted, names.index("Anna")) == _W_ACTOR < _W_WEAK
    assert _decided(acted, names.index("Tom")) == -_W_ACTOR


def test_conv_boundary_an_actor_beside_a_pronoun_tag_weighs_as_the_tag(tmp_path):
    from talecast.attribute.conversation import _W_WEAK, _decided
    body = '"Is it late?" asked Tom.\n\nAnna looked up from her book. "Nearly ten," she said.'
    turns, cast = _turns_of(tmp_path, body, (TOM, ANNA))
    names = [c.name for c in cast.chars]
    tagged = turns[-1]
    assert tagged.rules == ["tag"]
    assert _decided(tagged, names.index("Anna")) == _W_WEAK


def test_conv_a_turn_given_after_a_silence_is_decided_again_by_the_path(tmp_path):
    # After "Tom made no answer." turn-taking has Anna go on; that reads a neighbour which may
    # itself have been a guess, so the path's sequence decides the turn like any other guess.
    from talecast.attribute.conversation import _fill_from_path
    from talecast.attribute.sieve import _turn_taking
    body = ('"Is it late?" asked Tom.\n\n"Nearly ten," said Anna.\n\nTom made no answer.\n\n'
            '"Are you asleep?"')
    turns, cast = _turns_of(tmp_path, body, (TOM, ANNA))
    names = [c.name for c in cast.chars]
    _turn_taking(turns)
    quiet = turns[-1]
    assert quiet.rules == ["silence"] and names[quiet.speaker] == "Anna"
    tom, anna = names.index("Tom"), names.index("Anna")
    _fill_from_path(turns, [tom, anna, tom])
    assert quiet.speaker == tom and quiet.rules == ["conv"]


def test_conv_boundary_an_actor_keeps_its_turn_whatever_the_path(tmp_path):
    from talecast.attribute.conversation import _fill_from_path
    body = '"Is it late?" asked Tom.\n\nAnna looked up from her book. "Nearly ten."'
    turns, cast = _turns_of(tmp_path, body, (TOM, ANNA))
    names = [c.name for c in cast.chars]
    tom = names.index("Tom")
    _fill_from_path(turns, [tom, tom])
    assert names[turns[-1].speaker] == "Anna" and turns[-1].rules == ["actor"]


_TIE = ('"Is it late?" asked Tom.\n\n"Nearly ten," said Anna.\n\n"Then we must go."\n\n'
        '"Must we?"')


def _tied(tmp_path, body=_TIE):
    """The turns of ``_TIE`` with its bare third turn given to Bill by the path."""
    from talecast.attribute.sieve import _turn_taking
    turns, cast = _turns_of(tmp_path, body, (TOM, ANNA, BILL))
    names = [c.name for c in cast.chars]
    _turn_taking(turns)
    tom, anna, bill = (names.index(n) for n in ("Tom", "Anna", "Bill"))
    third = turns[2]
    assert third.speaker is not None and set(third.rules) <= {"turns", "vocative"}
    third.speakers, third.rules = [bill], ["conv"]
    return turns, tom, anna, bill


def test_conv_a_near_tie_against_the_alternation_forwards_goes_to_the_voice_two_before(tmp_path):
    # Tom asks, Anna answers: the path gives the bare third turn to Bill, who joins later, by
    # a hair; on such a tie A-B-A read forwards is right about twice as often.
    from talecast.attribute.conversation import _FORWARD_TIE, _forward_ties
    turns, tom, anna, bill = _tied(tmp_path)
    scores = [{tom: 9.0}, {anna: 9.0}, {bill: 9.0, tom: 9.0 - _FORWARD_TIE / 2}, {anna: 9.0}]
    _forward_ties(turns, scores)
    assert turns[2].speaker == tom and turns[2].rules == ["conv"]


def test_conv_forward_tie_boundary_a_clear_lead_keeps_the_paths_pick(tmp_path):
    from talecast.attribute.conversation import _FORWARD_TIE, _forward_ties
    turns, tom, anna, bill = _tied(tmp_path)
    scores = [{tom: 9.0}, {anna: 9.0}, {bill: 9.0, tom: 9.0 - 2 * _FORWARD_TIE}, {anna: 9.0}]
    _forward_ties(turns, scores)
    assert turns[2].speaker == bill


def test_conv_forward_tie_boundary_one_called_on_or_naming_himself_keeps_the_turn(tmp_path):
    # Anna calls Bill by name: Bill answering is the call's, not a hair's breadth of the path;
    # so is "I am Bill".
    from talecast.attribute.conversation import _FORWARD_TIE, _forward_ties
    for body in (_TIE.replace('"Nearly ten," said', '"Nearly ten, Bill," said'),
                 _TIE.replace('"Then we must go."', '"I am Bill, and we must go."')):
        turns, tom, anna, bill = _tied(tmp_path, body)
        scores = [{tom: 9.0}, {anna: 9.0}, {bill: 9.0, tom: 9.0 - _FORWARD_TIE / 2}, {anna: 9.0}]
        _forward_ties(turns, scores)
        assert turns[2].speaker == bill


_PAPA = ('"Good morning, papa," said Anna.\n\n"Good morning, my dear," said Tom.\n\n'
         '"Is the tea ready, papa?" asked Anna.\n\n"Not yet, Bill," said Tom.\n\n'
         '"Then I shall wait," said Bill.\n\n"Yes, papa."')


def test_conv_style_a_bare_quote_calling_the_listener_as_one_voice_does_leans_to_that_voice(tmp_path):
    # Anna calls Tom "papa" in two turns that name her, Bill never: a bare "Yes, papa." leans
    # to her and away from Bill; Tom, who says "my dear" once, is read for that form only.
    from talecast.attribute.conversation import _Address, _style_hints
    turns, cast = _turns_of(tmp_path, _PAPA, (TOM, ANNA, BILL))
    names = [c.name for c in cast.chars]
    anna, bill, tom = names.index("Anna"), names.index("Bill"), names.index("Tom")
    model = _Address(turns)
    assert model.by["papa"] == {anna: 2} and model.spoke == {anna: 2, tom: 2, bill: 1}
    fixed = [t.speaker is not None for t in turns]
    _style_hints(turns, fixed, model)
    hint = turns[-1].style
    assert hint[anna] > 0 > hint[tom] and bill not in hint  # Bill: one named turn, ways unknown


def test_conv_style_boundary_a_way_everyone_uses_says_little_and_a_decided_turn_gets_no_hint(tmp_path):
    from talecast.attribute.conversation import _Address, _style_hints
    both = _PAPA.replace('"Not yet, Bill," said Tom.', '"Not yet, papa," said Tom.').replace(
        '"Good morning, my dear," said Tom.', '"Good morning, papa," said Tom.')
    turns, cast = _turns_of(tmp_path, both, (TOM, ANNA, BILL))
    names = [c.name for c in cast.chars]
    fixed = [t.speaker is not None for t in turns]
    _style_hints(turns, fixed, _Address(turns))
    hint = turns[-1].style  # Anna and Tom both say "papa", as often as they speak: no lean to either
    anna, tom = names.index("Anna"), names.index("Tom")
    assert hint[anna] == hint[tom] and abs(hint[anna]) < 0.2
    turns, cast = _turns_of(tmp_path, _PAPA, (TOM, ANNA, BILL))
    fixed = [t.speaker is not None for t in turns]
    _style_hints(turns, fixed, _Address(turns))
    assert all(t.style == {} for t, f in zip(turns, fixed) if f)  # a tag decided those


def test_self_named_a_quote_that_names_its_speaker_does_not_address_them(tmp_path):
    # "I'm Tom", "call me just plain Anna": the speaker's own name, not someone spoken to; the
    # conversation path counts it for that voice.
    body = ('"Who is at the door?" asked Anna.\n\n"I\'m Tom, from the farm."\n\n'
            '"Come in, then. You may call me just plain Anna."')
    turns, cast = _turns_of(tmp_path, body, (TOM, ANNA))
    names = [c.name for c in cast.chars]
    tom, anna = names.index("Tom"), names.index("Anna")
    assert turns[1].addressed == set() and turns[1].selves == {tom}
    assert turns[2].addressed == set() and turns[2].selves == {anna}
    from talecast.attribute.conversation import _conversation_path
    fixed = [True, False, False]
    assert _conversation_path(turns, cast, cast.salience, fixed) == [anna, tom, anna]


def test_self_named_boundary_a_name_called_or_a_possessive_is_no_self_naming(tmp_path):
    body = ('"Who is at the door?" asked Anna.\n\n"Tom, I am here."\n\n'
            '"I am Tom\'s sister, and I am cold."')
    turns, cast = _turns_of(tmp_path, body, (TOM, ANNA))
    tom = [c.name for c in cast.chars].index("Tom")
    assert turns[1].addressed == {tom} and turns[1].selves == frozenset()
    assert turns[2].addressed == {tom} and turns[2].selves == frozenset()
    from talecast.attribute.names import tokens
    from talecast.attribute.turns import _self_named
    assert not _self_named(tokens("I am a man of honour"), 2, 2)  # a description (a cast's "A Man")
    assert _self_named(tokens("I m Ralph Grey speaking"), 2, 2)  # a text that lost its apostrophes


_SELF_JOINS = ('Bill lay in the bed by the window, and Anna stood beside it.\n\n'
               '"Is the boy any better?" said Tom.\n\n"Much better, sir," said Anna.\n\n'
               '"I am glad of it. And who is he?" said Tom.\n\n"My name is Bill, sir."\n\n'
               '"A good name," said Tom.\n\n"Shall I bring the tea, sir?" said Anna.')


def test_self_named_a_third_voice_naming_himself_joins_a_pair_that_goes_on_after(tmp_path):
    # "My name is Bill": Bill joins Tom and Anna's talk, though Anna, whom the alternation would
    # give the turn, speaks again two turns later (the cue outweighs a newcomer joining and the
    # pair's other voice coming back).
    assert speakers(tmp_path, _SELF_JOINS, (TOM, ANNA, BILL)) == ["Tom", "Anna", "Tom", "Bill", "Tom", "Anna"]


def test_self_named_boundary_a_name_said_of_another_leaves_the_alternation(tmp_path):
    body = _SELF_JOINS.replace("My name is Bill, sir.", "His name is Bill, sir.")
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Tom", "Anna", "Tom", "Anna", "Tom", "Anna"]


def test_narrated_a_first_person_narrator_acting_before_a_bare_quote_is_no_clue(tmp_path):
    # "I looked hard at Tom.": in a story told by "I", the narrator acting before a bare quote
    # is its speaker only now and then (more often the listener): a later rule decides.
    ned = Character("Ned", (), MALE, narrator=True)
    body = ('Tom and I walked down to the river. The boat was gone. I looked hard at Tom.\n\n'
            '"Who took it?"\n\n"Not I," said Tom.')
    assert "narrated" not in attribute.rules_of(script_of(tmp_path, body, (TOM, BILL, ned)))


def test_narrated_boundary_another_subject_in_a_first_person_story_still_speaks(tmp_path):
    ned = Character("Ned", (), MALE, narrator=True)
    body = ('Tom and I walked down to the river. The boat was gone. Bill looked hard at Tom.\n\n'
            '"Who took it?"\n\n"Not I," said Tom.')
    assert speakers(tmp_path, body, (TOM, BILL, ned)) == ["Bill", "Tom"]


def test_address_forms_are_names_called_with_their_fond_words_and_calls_without_a_name(tmp_path):
    body = '"Oh, my dear Anna, come here," said Tom.\n\n"Yes, sir. At once, papa."'
    turns, _cast = _turns_of(tmp_path, body, (TOM, ANNA))
    assert turns[0].forms == {"my dear anna"}
    assert turns[1].forms == {"sir", "papa"}


def test_address_forms_boundary_a_name_talked_about_or_sir_before_a_name_is_no_call(tmp_path):
    body = '"Anna is late again," said Tom.\n\n"Sir Walter will wait for her."'
    turns, _cast = _turns_of(tmp_path, body, (TOM, ANNA))
    assert turns[0].forms == set() and turns[1].forms == set()

def test_narrator_unnamed_speaks_in_one_voice_of_its_own(tmp_path):
    # Nobody names the "I": his lines are one character's (the narrator's voice), not Martha's.
    talk = "\n\n".join([
        'Then Martha Quill came to the gate, and Martha waved.',
        '"Good morning," said Martha. "Are you coming to the market?"',
        '"Not today," I said. "I have letters to write."',
        '"Then I shall go alone," she answered.', '"Go, then," said I.'])
    got = lines(tmp_path, _I_FILLER + "\n\n" + talk)
    assert [who for _, who in got] == ["Martha", "Martha", "The Narrator", "The Narrator", "Martha",
                                       "The Narrator"]
    assert _narrator(tmp_path, _I_FILLER + "\n\n" + talk) == ["The Narrator"]


def test_narrator_boundary_a_first_person_narrator_who_never_speaks_is_no_character(tmp_path):
    talk = "\n\n".join([
        'Then Martha Quill came to the gate, and Martha waved, and Tom Hale came after her.',
        '"Good morning," said Martha.', '"Good morning," said Tom, and Tom smiled.', '"Market?" asked Martha.'])
    chars = discovered(tmp_path, _I_FILLER + "\n\n" + talk)
    assert not [c for c in chars.values() if c.narrator]
    assert [who for _, who in lines(tmp_path, _I_FILLER + "\n\n" + talk)] == ["Martha", "Tom", "Martha"]


def test_narrator_of_a_story_too_short_to_count_its_i_is_found_by_i_said(tmp_path):
    # Two "I"s in the narration (20 make a first-person novel), one of them tagging a quote:
    # the "I" is the narrator and speaks in its own voice, not the neutral one.
    body = ('I met Jack at the station. Jack was late, as always.\n\n'
            '"You are late," I said.\n\n"The train," said Jack. "Always the train."')
    got = lines(tmp_path, body)
    assert [who for _, who in got] == ["The Narrator", "Jack", "Jack"]


def test_short_narrator_boundary_i_said_inside_quotes_or_a_third_person_story(tmp_path):
    # "I said" in a quote is a character's words; a story told of he and she has no narrator
    body = ('Jack Rowe met Anna at the station. He was late, and she frowned. He said nothing. '
            'She waited.\n\n"I said you would be late," said Anna.\n\n"The train," he said.')
    assert not _narrator(tmp_path, body)
    body = ('Jack Rowe met Anna at the station. He was late, and she frowned. He said nothing. '
            'She waited. He smiled. I think he knew.\n\n"You are late," said Anna.\n\n'
            '"The train," he said, and I said nothing.')
    assert not _narrator(tmp_path, body)


def test_narrator_boundary_a_cast_without_the_narrator_gives_i_said_to_nobody_of_it(tmp_path):
    # The cast leaves the "I" out: "said I" is not Martha's (nor anyone's of the cast).
    talk = "\n\n".join(['Martha came to the gate.', '"Good morning," said Martha.', '"Not today," I said.'])
    got = lines(tmp_path, _I_FILLER + "\n\n" + talk, [Character("Martha", (), FEMALE)])
    assert [who for _, who in got] == ["Martha", None]


# --- rule 1: a description the cast gives a minor character as a name ------------------------

_DOCTORS = (Character("The Doctor", (), MALE), Character("Mr. Loss", ("Doctor Loss",), MALE), ANNA)


def test_tag_the_doctor_is_the_one_named_doctor_lately_not_the_cast_s_the_doctor(tmp_path):
    # The cast has a minor "The Doctor" and a "Doctor Loss": after Doctor Loss came in,
    # "said the doctor" (lower case, a description) is he.
    body = ('Anna waited. Then Doctor Loss came in and sat down.\n\n'
            '"Well, my dear," said the doctor.\n\n"I am better," said Anna.')
    assert speakers(tmp_path, body, _DOCTORS) == ["Mr. Loss", "Anna"]


def test_tag_the_doctor_boundary_nobody_named_doctor_yet_is_the_cast_s_the_doctor(tmp_path):
    body = 'Anna waited. Then a doctor came in and sat down.\n\n"Well, my dear," said the doctor.'
    assert speakers(tmp_path, body, _DOCTORS) == ["The Doctor"]


def test_tag_the_doctor_named_doctor_just_after_his_first_words_is_he(tmp_path):
    # "said the doctor" a few lines before the narration names Mr. Loss: the scene names him
    # after his first words
    body = ('Anna waited. A gig drove up, and a fat gentleman came in.\n\n'
            '"Well, my dear," said the doctor.\n\n"I am better," said Anna.\n\n'
            'Mr. Loss sat down by the fire.')
    assert speakers(tmp_path, body, _DOCTORS) == ["Mr. Loss", "Anna"]


def test_tag_the_doctor_boundary_named_only_in_the_next_chapter_is_the_cast_s_the_doctor(tmp_path):
    body = ('Anna waited. A gig drove up, and a fat gentleman came in.\n\n'
            '"Well, my dear," said the doctor.\n\n"I am better," said Anna.\n\n'
            'CHAPTER II\n\nMr. Loss sat down by the fire.')
    assert speakers(tmp_path, body, _DOCTORS) == ["The Doctor", "Anna"]


def test_narrator_with_a_cast_is_the_member_others_call_by_name_beside_said_i(tmp_path):
    # The cast does not say who tells the story: Ned is the one Rob calls by name around "said I".
    talk = "\n\n".join([
        'Rob Dale came up the road.', '"Ned, you are late," said Rob.', '"I know it," said I.',
        '"Ned, come in," he said.', '"Is it warm?" I asked.', '"Warm enough, Ned," said Rob.'])
    cast = [Character("Rob Dale", ("Rob",), MALE), Character("Ned Hale", ("Ned",), MALE)]
    got = [who for _, who in lines(tmp_path, _I_FILLER + "\n\n" + talk, cast)]
    assert got == ["Rob Dale", "Ned Hale", "Rob Dale", "Ned Hale", "Rob Dale"]


def test_narrator_with_a_cast_boundary_the_one_the_narrator_talks_to_is_not_him(tmp_path):
    # Only the narrator's own lines name Rob: no member of the cast is the "I".
    talk = "\n\n".join([
        'Rob Dale came up the road.', '"Rob, you are late," said I.', '"The road was long," he said.',
        '"Rob, come in," I said.', '"Thank you," he said.'])
    cast = [Character("Rob Dale", ("Rob",), MALE), Character("Ned Hale", ("Ned",), MALE)]
    got = [who for _, who in lines(tmp_path, _I_FILLER + "\n\n" + talk, cast)]
    assert got[0] is None and got[2] is None and "Ned Hale" not in got


# --- a parent called without a name ------------------------------------------------

_GREYS = (Character("Kate Grey", ("Kate",), FEMALE), Character("Mrs. Grey", (), FEMALE),
          Character("Lucy", (), FEMALE), Character("Mrs. Pole", (), FEMALE), BILL)
_MAMMA = ('Lucy and Mrs. Grey sat by the fire, and Lucy was reading.\n\n'
          '"There is a carriage at the gate, mamma," said Kate Grey.\n\n"Some visitor, I suppose."')


def test_parent_call_the_mother_of_the_speakers_family_answers(tmp_path):
    # "mamma" from Kate Grey: Mrs. Grey answers, not Lucy, named last
    assert speakers(tmp_path, _MAMMA, _GREYS) == ["Kate Grey", "Mrs. Grey"]


def test_parent_call_boundary_no_call_leaves_the_salient_pick(tmp_path):
    body = _MAMMA.replace(", mamma,", ",")
    assert speakers(tmp_path, body, _GREYS) == ["Kate Grey", "Lucy"]


def test_parent_call_boundary_papa_is_no_mother(tmp_path):
    # a father called: the family has no Mr., so nobody is called, and Mrs. Grey is not
    body = _MAMMA.replace(", mamma,", ", papa,")
    assert speakers(tmp_path, body, _GREYS) == ["Kate Grey", "Lucy"]


def test_parent_call_a_speaker_of_no_family_calls_the_one_mrs_named_lately(tmp_path):
    body = ('Kate Grey and Mrs. Pole sat by the fire, and Kate was reading.\n\n'
            '"There is a carriage at the gate, mamma," said Lucy.\n\n"Some visitor, I suppose."')
    assert speakers(tmp_path, body, _GREYS) == ["Lucy", "Mrs. Pole"]


def test_parent_call_boundary_two_mrs_named_lately_call_neither(tmp_path):
    # Lucy's mother could be Mrs. Grey or Mrs. Pole: nobody is called; Kate, named last, answers
    body = ('Mrs. Grey and Mrs. Pole sat by the fire, and Kate Grey was reading.\n\n'
            '"There is a carriage at the gate, mamma," said Lucy.\n\n"Some visitor, I suppose."')
    assert speakers(tmp_path, body, _GREYS) == ["Lucy", "Kate Grey"]


def test_parent_call_words(tmp_path):
    from talecast.attribute.turns import _parent_called
    assert _parent_called("Oh, mamma, do come!") == FEMALE
    assert _parent_called("Yes, papa.") == MALE
    assert _parent_called("Ma, we'll go if you ain't tired.") == FEMALE
    assert _parent_called("My mother is ill.") is None
    assert _parent_called("Yes, ma'am.") is None
    assert _parent_called("Mamma, ask papa.") == FEMALE
    assert _parent_called("Mamma! Papa!") is None


_PAPA_KIN = ('Kate Grey sat by the window with her work.\n\n'
         '"Will you ride to-day, Anna?" said Mr. Grey.\n\n"I think not," said Anna.\n\n'
         '"The roads are bad, then?"\n\n"Yes, papa, since the rain."')
_PAPA_KIN_KIN_CAST = (Character("Mr. Grey", (), MALE), Character("Kate Grey", ("Kate",), FEMALE), ANNA)


def test_conv_a_bare_quote_calling_papa_is_said_by_a_child_of_the_one_answered(tmp_path):
    # "Yes, papa" answers Mr. Grey: his daughter Kate, not Anna, whom alternation would give
    assert speakers(tmp_path, _PAPA_KIN, _PAPA_KIN_KIN_CAST) == ["Mr. Grey", "Anna", "Mr. Grey", "Kate Grey"]


def test_conv_boundary_a_bare_quote_calling_sir_alternates(tmp_path):
    body = _PAPA_KIN.replace("Yes, papa,", "Yes, sir,")
    assert speakers(tmp_path, body, _PAPA_KIN_KIN_CAST) == ["Mr. Grey", "Anna", "Mr. Grey", "Anna"]


# --- a listener who keeps silent; a turn before that goes on telling ----------------

def test_actor_one_who_does_not_answer_after_the_words_is_their_listener(tmp_path):
    # 'Anna did not answer.' right after the words: she was spoken to; the words are Tom's.
    body = ('"Ready?" asked Tom.\n\n"Ready," said Anna.\n\n'
            '"Why did you not wait for me at the gate?" Anna did not answer.')
    assert speakers(tmp_path, body)[-1] == "Tom"


def test_actor_one_who_only_looks_after_the_words_is_their_listener(tmp_path):
    body = ('"Ready?" asked Tom.\n\n"Ready," said Anna.\n\n'
            '"You will be cold on the hill." Anna only looked at him and smiled.')
    assert speakers(tmp_path, body)[-1] == "Tom"


def test_actor_boundary_one_who_acts_after_the_words_is_still_their_speaker(tmp_path):
    body = ('"Ready?" asked Tom.\n\n"Ready," said Anna.\n\n'
            '"Why did you not wait for me at the gate?" Anna sat down on the step.')
    assert speakers(tmp_path, body)[-1] == "Anna"


def _told_on(narration: str) -> str:
    return ('"Is it far?" asked Anna.\n\n"Not very," said Tom.\n\n"Shall we go?" asked Anna.\n\n'
            f'"In a minute," said Tom. {narration}\n\n"It is raining again."\n\n"So it is," said Anna.')


def test_conv_a_turn_before_that_goes_on_telling_counts_as_narration_between(tmp_path):
    # The paragraph of Tom's turn goes on telling of him at length: the next bare turn may be
    # his again as easily as after a paragraph of narration (Anna's named answer follows).
    told = ('He walked slowly to the window and stood there for a long while, looking out at '
            'the wet road, the dripping hedges and the grey clouds that hung low over the hill.')
    assert len(told) >= 150
    assert speakers(tmp_path, _told_on(told))[-2] == "Tom"


def test_conv_boundary_a_turn_before_that_tells_little_keeps_the_alternation(tmp_path):
    assert speakers(tmp_path, _told_on("He went to the window."))[-2] == "Anna"


# --- a description answering one called by a name not used lately -------------

_RAIN = ("The rain went on over the roofs and the gardens, and the lamps were lit one by one "
           "along the street below the windows of the house. ") * 24
HOUSEKEEPER = Character("Mrs. Grey", (), FEMALE)


def _called_back(answer: str) -> str:
    return ("Mrs. Grey kept the house, and Anna and Tom lived in it.\n\n" + _RAIN + "\n\n"
            "Anna sat by the window with her sewing.\n\n"
            '"You are late with the tea again, Mrs. Grey," said Tom.\n\n'
            f'"Well, that I am, sir," replied the {answer}.')


def test_tag_description_answering_one_called_by_a_name_not_used_lately_is_that_one(tmp_path):
    # Mrs. Grey, named pages before, is called by name and a description of her sex answers:
    # she is in the scene after all (not Anna, the woman the narration named last).
    got = lines(tmp_path, _called_back("old lady"), [TOM, ANNA, HOUSEKEEPER])
    assert got[-1] == ("Well, that I am, sir,", "Mrs. Grey")


def test_tag_description_boundary_a_call_does_not_make_a_man_of_the_other_sex_answer(tmp_path):
    # "replied the old man": not the woman called, whatever the call.
    got = lines(tmp_path, _called_back("old man"), [TOM, ANNA, HOUSEKEEPER, BILL])
    assert got[-1][1] != "Mrs. Grey"


def _called_back_then(between: str) -> str:
    """The call of ``_called_back`` answered by "the old lady", a turn of Tom's, narration
    naming Anna (``between`` after it), and "the old lady" again."""
    return (_called_back("old lady") + "\n\n"
            '"Then put the kettle on," said Tom.\n\n'
            "Anna looked up from her sewing and smiled at the fire. " + between + "\n\n"
            '"I will, sir, directly," cried the old lady.')


def test_tag_description_a_call_gave_its_one_keeps_it_through_the_scene(tmp_path):
    # "replied the old lady", answering the call of Mrs. Grey, is she; so is "cried the old
    # lady" a few turns on, though the narration named Anna, a woman, last and never her.
    got = lines(tmp_path, _called_back_then(""), [TOM, ANNA, HOUSEKEEPER])
    assert [who for _, who in got[-3:]] == ["Mrs. Grey", "Tom", "Mrs. Grey"]


def test_tag_description_boundary_the_call_is_forgotten_after_a_long_narration(tmp_path):
    # Past _ANCHOR_SPAN characters of narration the call no longer holds: "the old lady" is
    # read afresh (Anna, the woman named last).
    got = lines(tmp_path, _called_back_then(_RAIN * 2), [TOM, ANNA, HOUSEKEEPER])
    assert got[-3][1] == "Mrs. Grey" and got[-1][1] == "Anna"


def test_lead_in_a_relative_opening_the_last_clause_is_its_subject(tmp_path):
    # "When Lucy heard it she was glad, but her mother only shook her head and said,": the
    # relative opening the clause the speech verb ends speaks, not Lucy of the clause before.
    body = ('Mrs. Grey sat by the fire with Lucy Grey.\n\n'
            'When Lucy heard the news she was glad, but her mother only shook her head and said, '
            '"It will not last."')
    assert speakers(tmp_path, body, (MRS_GREY, LUCY, TOM)) == ["Mrs. Grey"]


def test_lead_in_relative_boundary_an_object_relative_does_not_speak(tmp_path):
    # "her mother" after a verb is its object: the sentence's subject, Lucy, speaks.
    body = ('Mrs. Grey sat by the fire with Lucy Grey.\n\n'
            'Lucy looked at the fire, kissed her mother and said, "It will not last."')
    assert speakers(tmp_path, body, (MRS_GREY, LUCY, TOM)) == ["Lucy Grey"]


MAURICE = Character("Maurice Grey", ("Maurice",), MALE)
FRANK = Character("Frank Grey", ("Frank",), MALE)


def test_pronoun_the_writer_of_a_letter_read_is_not_in_the_scene(tmp_path):
    # "The letter was in Frank's neat hand": Frank wrote it far away; the "he" after it is
    # Maurice, who reads it, not the writer named last.
    body = ('Maurice sat alone in the library. Anna brought him the post.\n\n'
            'The letter was in Frank\'s neat hand. Anna read it over his shoulder.\n\n'
            '"Bad news," he gasped.')
    assert speakers(tmp_path, body, (MAURICE, FRANK, ANNA)) == ["Maurice Grey"]


def test_pronoun_writer_boundary_a_possessive_that_is_no_writing(tmp_path):
    # "Frank's neat coat" is no letter: Frank, the subject named last, is the one who speaks.
    body = ('Maurice sat alone in the library. Anna brought him the post.\n\n'
            'Frank\'s neat coat hung by the door. Anna read it over his shoulder.\n\n'
            '"Bad news," he gasped.')
    assert speakers(tmp_path, body, (MAURICE, FRANK, ANNA)) == ["Frank Grey"]


def _gesture_scene(tag_means: int):
    """The detective (2) and Bill (1) speak by name, Tom (0) is there; a paragraph tells that
    the detective nodded; the next turn's "he said" means ``tag_means``; a bare turn follows."""
    from types import SimpleNamespace
    from talecast.attribute.mentions import _Ref
    from talecast.attribute.turns import _Turn
    named = [_Turn(k, [k], [who], ["tag"], set(), None, 0, False, False) for k, who in ((0, 2), (1, 1))]
    for t in named:
        t.tags = [_Ref((t.speakers[0],), True)]
    nod = _Turn(2, [2], [tag_means], ["tag"], set(), None, 40, False, False)
    nod.tags = [_Ref((tag_means,) + tuple(c for c in (2, 1, 0) if c != tag_means), False, pronoun=True)]
    nod.after_silence, nod.gesturer = True, 2
    bare = _Turn(3, [3], [0], ["turns"], set(), None, 0, False, False)
    bare.tags = [None]
    conv = named + [nod, bare]
    cast = SimpleNamespace(narrator=None, gender=[MALE, MALE, MALE])
    return conv, cast


def test_conversation_path_a_gesture_leads_into_its_makers_words():
    # "The detective nodded again. / 'I think I have a clue,' he said simply.": the one who
    # nodded speaks (the tag says so); his nod was no wordless answer after which Bill goes on,
    # so the bare turn after is Bill's answer to him.
    from talecast.attribute.conversation import _conversation_path
    conv, cast = _gesture_scene(tag_means=2)
    assert _conversation_path(conv, cast, _Salience(), [True, True, True, False]) == [2, 1, 2, 1]


def test_conversation_path_gesture_boundary_a_nod_by_another_is_a_wordless_answer():
    # "he said" means Bill, not the detective who nodded: the nod answered Bill without words,
    # and Bill goes on.
    from talecast.attribute.conversation import _conversation_path
    conv, cast = _gesture_scene(tag_means=1)
    assert _conversation_path(conv, cast, _Salience(), [True, True, True, False]) == [2, 1, 1, 2]



# --- rule 1: a description the narration ties to a name by an apposition ------------------

NURSEMAID = Character("The Nursemaid", (), FEMALE)  # a role of the cast, of another scene
NURSE_KATE = Character("Kate", (), FEMALE)
NURSE_GREY = Character("Mr. Grey", (), MALE)


def _nursery(middle: str = "") -> str:
    return ('Mr. Grey sat by the fire. Kate, the nursemaid, came in with the tray and set it down.\n\n'
            + middle + '"Is the child asleep?" asked Mr. Grey.\n\n"Yes, sir," replied the nursemaid.')


def test_tag_tied_a_role_the_narration_gave_a_name_is_that_one(tmp_path):
    # "Theodosia, the nursemaid, approached": "replied the nursemaid" is Kate, not the cast's
    # role "The Nursemaid" that the noun alone would match.
    assert speakers(tmp_path, _nursery(), (NURSE_GREY, NURSE_KATE, NURSEMAID)) == ["Mr. Grey", "Kate"]


def test_tag_tied_boundary_another_of_the_noun_brought_in_since(tmp_path):
    # "a nursemaid" brought in after the apposition is someone else: the tie no longer holds.
    body = _nursery('Kate went out, and a nursemaid from the next house looked in at the door.\n\n')
    assert speakers(tmp_path, body, (NURSE_GREY, NURSE_KATE, NURSEMAID)) == ["Mr. Grey", "The Nursemaid"]


def test_tag_tied_the_scene_names_the_role_after_its_first_words(tmp_path):
    # "The proprietor, Mr. Turner, asked him ...": said a little later in the same chapter,
    # the name tells who "exclaimed the proprietor" was.
    owner = Character("The Proprietor", (), MALE)
    turner = Character("Mr. Turner", (), MALE)
    body = ('Joe went into the club with Tom.\n\n"Whew!" exclaimed the proprietor.\n\n'
            '"He is new here," said Tom.\n\nThe proprietor, Mr. Turner, asked him to sit down.')
    assert speakers(tmp_path, body, (TOM, owner, turner)) == ["Mr. Turner", "Tom"]


def test_tag_tied_boundary_a_tie_in_the_next_chapter_names_nobody_here(tmp_path):
    owner = Character("The Proprietor", (), MALE)
    turner = Character("Mr. Turner", (), MALE)
    body = ('Chapter 1\n\nJoe went into the shop with Tom.\n\n"Whew!" exclaimed the proprietor.\n\n'
            '"He is new here," said Tom.\n\nChapter 2\n\nThe proprietor, Mr. Turner, asked him to sit down.')
    assert speakers(tmp_path, body, (TOM, owner, turner)) == ["The Proprietor", "Tom"]


def test_tag_tied_boundary_a_name_after_the_noun_says_who(tmp_path):
    # "replied the poet Syme": Syme, though the narration tied "the poet" to Gregory.
    gregory = Character("Gregory", (), MALE)
    body = ('Gregory, the red-haired poet, was talking.\n\n"It is all nonsense," said Gregory.\n\n'
            '"It is you who are wrong," replied the poet Tom.\n\n"No," said the poet.')
    assert speakers(tmp_path, body, (TOM, gregory)) == ["Gregory", "Tom", "Gregory"]


def test_tag_tied_the_noun_s_relative_is_the_relative(tmp_path):
    # "Mr. Sowerberry, the parochial undertaker," ... "said the undertaker's wife": his wife.
    body = ('Mr. Grey, the parochial undertaker, came in, and Mrs. Grey looked up.\n\n'
            '"Here is the boy," said Mr. Grey.\n\n"Dear me!" said the undertaker\'s wife.')
    assert speakers(tmp_path, body, GREYS[:2] + (Character("The Undertaker", (), MALE),)) == ["Mr. Grey", "Mrs. Grey"]


def test_tag_tied_boundary_a_noun_many_share_ties_nobody(tmp_path):
    # "Tom, a tall man," ties no "the man": many are men (the epithet rules read those).
    body = ('Tom, a tall man, stood by the door. Bill came in and sat down.\n\n'
            '"Good day," said Anna.\n\n"Good day to you," said the man.')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL)) == ["Anna", "Bill"]


def test_name_index_finds_the_longest_name_that_starts_at_a_word():
    # One lookup per word read on while the words so far begin a name: "Tom Smith" over "Tom",
    # "the March Hare" in any case, a particle inside a name, and "Tom" alone before "Jones".
    from talecast.attribute.names import NameIndex, tokens
    index = NameIndex()
    index.add(("Tom",), 0, 2)
    index.add(("Tom", "Smith"), 1, 3)
    index.add(("The", "March", "Hare"), 2, 3)
    index.add(("Jean", "de", "Griers"), 3, 3)
    toks = tokens("Tom Smith met Tom Jones and the March Hare; Jean de Griers and Jean De Griers came.")
    found = index.found(toks)
    assert {toks[i].text: n for i, (_, n) in found.items()} == {"Tom": 1, "the": 3, "Jean": 3}
    assert [(toks[i].text, ids, n) for i, (ids, n) in found.items()] == [
        ("Tom", [1], 2), ("Tom", [0], 1), ("the", [2], 3), ("Jean", [3], 3)]
    # every word, looked up alone, finds what the shared scan found there, and nothing elsewhere
    assert found == {i: index.match(toks, i) for i in range(len(toks)) if index.match(toks, i)[1]}
    assert index.found(toks) is found  # read once per token tuple
    index.add(("Jones",), 4, 2)  # a name added: read again
    assert index.found(toks) is not found and 4 in [ids[0] for ids, _ in index.found(toks).values()]


def test_salience_recent_is_each_character_at_its_latest_mention():
    # Latest first; with subjects first, those of the last six met who were last a subject
    # lead; a tag's speaker added late counts where its quote is.
    sal = _Salience()
    for offset, who, subject in [(10, 1, True), (20, 2, False), (30, 3, True), (40, 2, True), (50, 4, False),
                                 (60, 1, False), (70, 5, False), (80, 6, False), (90, 7, True)]:
        sal.add(offset, who, subject)
    sal.add(45, 8, False)
    assert sal.recent(100) == [7, 6, 5, 1, 4, 8, 2, 3]
    assert sal.recent(100, 3) == [7, 6, 5]
    assert sal.recent(55) == [4, 8, 2, 3, 1]
    assert sal.recent(100, subjects_first=True) == [7, 6, 5, 1, 4, 8, 2, 3]  # 2 and 3: not of the last six
    assert sal.recent(55, subjects_first=True) == [2, 3, 1, 4, 8]
    assert sal.named_since(2, 35, 100) and not sal.named_since(3, 35, 100) and not sal.named_since(9, 0, 100)


# --- tags that name the speaker in other shapes (round 14) --------------------------

BILL_TOO = (TOM, ANNA, BILL)


def rules_of(tmp_path, body, characters=BILL_TOO):
    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\n" + body.strip() + "\n", encoding="utf-8")
    sc, _ = pipeline.script(p, list(characters))
    return [(s.text, s.guess, s.rule) for s in sc.segments if s.kind == "dialogue"]


def test_tag_before_a_manner_after_a_comma_still_leads_into_the_quote(tmp_path):
    # "only stopped to say, with a shy look," is the subject's tag, however far she stands
    body = ('Tom sat by the fire with Anna.\n\n"Well?" said Tom.\n\nAnna was on the point of leaving '
            'the room, and only stopped to say, with a shy look, "Oh! dear, no, never."')
    assert rules_of(tmp_path, body)[1][1:] == ("Anna", "tag")


def test_tag_after_a_verb_that_leads_to_speech(tmp_path):
    # '"Yes," Anna forced herself to say.': a tag, as "Anna said." is
    body = ('Tom sat by the fire with Anna.\n\n"Is there more to see?" asked Tom.\n\n'
            '"Yes! Quite a number of things," Anna forced herself to say.')
    assert rules_of(tmp_path, body)[1][1:] == ("Anna", "tag")


def test_tag_after_leading_to_speech_boundary_a_wish_is_no_speech(tmp_path):
    # "Anna wanted to ask." says she did not: no tag
    body = ('Tom sat by the fire with Anna.\n\n"Is there more to see?" asked Tom.\n\n'
            '"Yes! Quite a number of things," Anna wanted to ask.')
    assert rules_of(tmp_path, body)[1][2] != "tag"


def test_tag_after_it_was_name_who_spoke(tmp_path):
    # '"Tom, are you sick?" It was Anna who spoke': Anna, though the quote calls Tom
    body = ('Tom sat by the fire with Anna. Bill stood by the door.\n\n'
            '"Tom, are you sick?" It was Anna who spoke, alarm in every word.')
    assert rules_of(tmp_path, body)[0][1:] == ("Anna", "tag")


def test_tag_after_it_was_name_boundary_no_speech_verb(tmp_path):
    # "It was Anna who came in" says who came, not who spoke
    body = ('Tom sat by the fire with Anna. Bill stood by the door.\n\n'
            '"Tom, are you sick?" It was Anna who came in, alarm in every word.')
    assert rules_of(tmp_path, body)[0][2] != "tag"


def test_tag_before_the_subject_of_an_infinitive_after_for(tmp_path):
    # "the chance for Bill to draw near her and say," is Bill's, not Anna's who opens it
    body = ('Tom sat by the fire with Anna. Bill stood by the door.\n\n"Who is there?" asked Tom.\n\n'
            'When Anna joined them, there was at last a chance for Bill to draw near her and say, '
            '"I have to thank you for a kind message."')
    assert rules_of(tmp_path, body)[1][1:] == ("Bill", "tag")


def test_tag_before_the_possessive_subject_of_a_gerund(tmp_path):
    # "without Bill's giving a sigh, and saying," is Bill's, not she who goes
    body = ('Tom sat by the fire with Anna. Bill stood by the door.\n\n"Who is there?" asked Tom.\n\n'
            'But never did she go without Bill\'s giving a gentle sigh, and saying, "Ah, poor Anna!"')
    assert rules_of(tmp_path, body)[1][1:] == ("Bill", "tag")


def test_tag_before_infinitive_and_gerund_boundary(tmp_path):
    # a comma between "for Bill" and the verb (another clause), and a possessive before a noun
    # ("Bill's gift"), leave the sentence's subject
    body = ('Tom sat by the fire with Anna. Bill stood by the door.\n\n"Who is there?" asked Tom.\n\n'
            'Anna waited for Bill, to the end, and then said, "Ah, poor Tom!"\n\n'
            '"Yes," said Tom.\n\nAnna took Bill\'s gift, smiling, and saying, "How kind!"')
    got = rules_of(tmp_path, body)
    assert got[1][1] == "Anna" and got[3][1] == "Anna"


def test_tag_before_name_it_was_who_spoke(tmp_path):
    # "Bill it was who spoke up stoutly:" is Bill's tag, not Anna's who opens the sentence
    body = ('Tom sat by the fire with Anna. Bill stood by the door.\n\n"Who did this?" asked Tom.\n\n'
            'Anna looked round at them all, and Bill it was who spoke up stoutly, "It was my fault."')
    assert rules_of(tmp_path, body)[1][1:] == ("Bill", "tag")


def test_tag_before_whose_voice_said_is_its_owner(tmp_path):
    # "Anna turned to Bill, whose clear voice said," is Bill's voice, Bill's words
    body = ('Tom sat by the fire with Anna. Bill stood by the door.\n\n"Who is there?" asked Tom.\n\n'
            'Anna turned to Bill, whose clear voice said, "It seems so silly."')
    assert rules_of(tmp_path, body)[1][1:] == ("Bill", "tag")


def test_tag_before_whose_boundary_another_subject_after_it(tmp_path):
    # "Bill, whose hand Anna took, said": Anna is the subject of the clause "whose" opens
    body = ('Tom sat by the fire with Anna. Bill stood by the door.\n\n"Who is there?" asked Tom.\n\n'
            'Tom turned to Bill, whose hand Anna took, and said, "It seems so silly."')
    assert rules_of(tmp_path, body)[1][1] != "Bill"


def test_tag_before_began_talking_leads_into_the_quote(tmp_path):
    # "Bill leaned over and began talking." ends the paragraph before the quote: Bill's tag
    body = ('Tom sat by the fire with Anna. Bill stood by the door.\n\n"Who is there?" asked Anna.\n\n'
            'They got their drinks, and then Bill leaned over and began talking.\n\n'
            '"I tell you, Tom, there is no harm in it."')
    assert rules_of(tmp_path, body)[1][1:] == ("Bill", "tag")


def test_tag_before_began_talking_boundary_began_walking(tmp_path):
    # "began walking." is no start of speech
    body = ('Tom sat by the fire with Anna. Bill stood by the door.\n\n"Who is there?" asked Anna.\n\n'
            'They got their drinks, and then Bill leaned over and began walking.\n\n'
            '"I tell you, Tom, there is no harm in it."')
    assert rules_of(tmp_path, body)[1][2] != "tag"


def test_a_long_s_in_address_is_read_as_sir_not_a_crash(tmp_path):
    # A case-blind search finds "\u017fir" (long s) as "sir": attribution must read it as a man
    # called, as it reads "sir", and never stop on it.
    body = ('\u201cGood morning, \u017fir,\u201d said Anna.\n\n\u201cMorning,\u201d said Tom.\n\n'
            '\u201cYes, \u017fir.\u201d\n\n\u201cThen go.\u201d\n')
    got = speakers(tmp_path, body)
    assert got[:2] == ["Anna", "Tom"]
    assert got == speakers(tmp_path, body.replace("\u017f", "s"))


def test_actor_the_words_a_his_her_owns_are_the_owners(tmp_path):
    # Anna is the sentence's subject, but the words it runs on into are "his muttered reply":
    # Tom's.
    body = ('"Is it cold?" asked Anna.\n\n"Very," said Tom.\n\nAnna looked up at the sky, well '
            'satisfied with his muttered reply of "Bitter, bitter cold," and walked on.')
    assert speakers(tmp_path, body, (TOM, ANNA)) == ["Anna", "Tom", "Tom"]


def test_actor_boundary_a_his_her_owning_another_noun_owns_no_words(tmp_path):
    # "her sister" is Lady Hale's sister, not the owner of the remark: Lady Hale, the subject,
    # says it.
    body = ('"Is it cold?" asked Rose.\n\n"Very," said Lady Hale.\n\nLady Hale greeted her sister '
            'with the remark: "It is bitter cold."')
    assert speakers(tmp_path, body, (ROSE, LADY_HALE))[-1] == "Lady Hale"


# A told story: a bare paragraph right after a long turn that goes on telling in the first
# person and the past, asking nobody anything, is the teller's (turns._tells_on).
_TOLD_ON = ('Tom and Anna sat by the stove.\n\n"Where did you go?" asked Tom.\n\n'
         '"I walked down to the mill before the sun was up," said Anna. "The river was high and '
         'the wheel was turning, though nobody was about, and the miller had gone to the town."\n\n'
         '"{bare}"\n\n"And then?" asked Tom.')


def test_turns_a_bare_paragraph_telling_on_in_the_past_is_the_teller_s(tmp_path):
    bare = ("I waited by the gate a long while. Then I climbed the bank and looked over the "
            "water, and I saw a boat drifting with nobody in it. I called out twice.")
    assert speakers(tmp_path, _TOLD_ON.format(bare=bare)) == ["Tom", "Anna", "Anna", "Anna", "Tom"]


def test_turns_tells_on_boundary_words_to_the_teller_alternate(tmp_path):
    # the same kind of paragraph, but it speaks to someone ("you"): an answer, turns alternate
    bare = ("I waited by the gate for you a long while. Then I climbed the bank and looked over "
            "the water, and I saw a boat drifting with nobody in it. I called out twice.")
    assert speakers(tmp_path, _TOLD_ON.format(bare=bare))[3] == "Tom"


def test_turns_tells_on_boundary_the_present_tense_is_an_answer(tmp_path):
    # the same verbs, but in the present of a reply: turns alternate
    bare = ("I waited there myself once. I know the bank, and I saw a boat there that is "
            "still there, I am sure of it; I called out and nobody answers there now.")
    assert speakers(tmp_path, _TOLD_ON.format(bare=bare))[3] == "Tom"


def test_turns_a_second_paragraph_telling_on_needs_less_to_be_the_teller_s(tmp_path):
    # after a paragraph that told on, two "I" with a past verb are enough: the story runs on
    # to the listener's next question, not the listener answering in the middle of it
    body = ('Tom and Anna sat by the stove.\n\n"Where did you go?" asked Tom.\n\n'
            '"Down to the mill before the sun was up. The river was high and the wheel was turning, '
            'though nobody was about, and the miller had gone to the town for the day."\n\n'
            '"I waited by the gate a long while. Then I climbed the bank and looked over the water, '
            'and I saw a boat drifting with nobody in it. I called out twice."\n\n'
            '"Then I walked home along the lane, and I waited until the bell rang."\n\n'
            '"And then?" asked Tom.')
    assert speakers(tmp_path, body) == ["Tom", "Anna", "Anna", "Anna", "Tom"]


def test_turns_tells_on_boundary_two_past_verbs_after_a_long_turn_alone_alternate(tmp_path):
    bare = "Then I walked home along the lane, and I waited until the bell rang."
    assert speakers(tmp_path, _TOLD_ON.format(bare=bare))[3] == "Tom"


# --- a description whose own words give the speaker's name (round 21) -------------

MR_BROWN = Character("Mr. Brown", ("Brown",), MALE)
_AT_THE_GATE = ("Tom stood at the gate with Anna. " + _RAIN + "\n\n"
                "An old gentleman came slowly up the lane and stopped before them.\n\n")


def _gives_name(answer: str, before: str = "") -> str:
    return (_AT_THE_GATE + before
            + '"Who are you, sir, and what do you want here?" said Tom.\n\n' + answer)


def test_tag_description_giving_its_own_name_is_that_one(tmp_path):
    # '"My name, sir," said the old gentleman, "my name, sir, is Brown."': the one he says he
    # is, though the narration never named him and the quote's names are left out as listeners
    got = lines(tmp_path, _gives_name('"My name, sir," said the old gentleman, "my name, sir, is Brown."'),
                [TOM, ANNA, MR_BROWN])
    assert [who for _, who in got[-2:]] == ["Mr. Brown", "Mr. Brown"]


def test_tag_description_giving_its_name_holds_for_its_epithet_a_little_before(tmp_path):
    # "said the old gentleman" a turn before he gives his name is he too
    before = '"Good evening to you both," said the old gentleman.\n\n'
    got = lines(tmp_path, _gives_name('"My name is Brown," replied the old gentleman.', before),
                [TOM, ANNA, MR_BROWN])
    assert [who for _, who in got] == ["Mr. Brown", "Tom", "Mr. Brown"]


def test_tag_description_answering_what_name_with_a_name_only_is_that_one(tmp_path):
    # '"What name shall I give?" ... "Brown!" rejoined the old gentleman': his own name, not
    # Bill's, the man the narration named last
    body = ("Tom stood at the gate with Anna. Bill was chopping wood in the yard behind them.\n\n"
            "An old gentleman came slowly up the lane and stopped before them.\n\n"
            '"What name shall I give to my master?" said Tom.\n\n"Brown!" rejoined the old gentleman.')
    assert speakers(tmp_path, body, (TOM, ANNA, BILL, MR_BROWN))[-1] == "Mr. Brown"


def test_tag_description_name_boundary_a_name_asked_of_another_is_no_own_name(tmp_path):
    # '"What is his name?" ... "Brown," replied the old gentleman': someone else's name
    body = (_AT_THE_GATE + '"There is a man at the inn. What is his name?" said Tom.\n\n'
            '"Brown," replied the old gentleman.')
    assert speakers(tmp_path, body, (TOM, ANNA, MR_BROWN))[-1] != "Mr. Brown"


def test_tag_description_name_boundary_a_description_of_the_other_sex(tmp_path):
    # "replied the old lady" giving a man's name (a joke, a slip): not that man
    got = lines(tmp_path, _gives_name('"My name is Brown," replied the old lady.'), [TOM, ANNA, MR_BROWN])
    assert got[-1][1] != "Mr. Brown"


def test_tag_description_a_name_alone_then_that_is_my_name_is_that_one(tmp_path):
    # '"Mr. Brown," said the old gentleman. "That is my name."': the name before is his own
    body = _AT_THE_GATE + '"Mr. Brown," said the old gentleman, bowing. "That is my name."'
    assert speakers(tmp_path, body, (TOM, ANNA, MR_BROWN))[-2:] == ["Mr. Brown", "Mr. Brown"]


# --- a role of the cast named by the answer to "what is your name?" (round 22) ----

THE_CHILD = Character("The Child", (), UNKNOWN)
NELL_GREY = Character("Nell Grey", ("Nell",), FEMALE)
_AT_THE_DOOR = ("Anna sat by the fire, and Tom stood at the window. A thin child with red hair "
                "waited by the door, holding a bag.\n\n"
                '"Please, may I stay here tonight?" said the child.\n\n')


def _name_asked(question: str) -> str:
    """The child at the door, Anna's welcome, its answer, ``question`` and the name it gets."""
    return (_AT_THE_DOOR + '"Come in and sit down," said Anna. "You are wet through."\n\n'
            '"Thank you, I will sit here by the door," said the child.\n\n'
            + question + '\n\n"Nell Grey," faltered the owner of that name.')


def test_cast_role_answering_its_own_name_is_that_one(tmp_path):
    # "said the child" (the cast's role The Child) ... '"And what is your name?" asked Anna.
    # "Nell Grey."': the one Anna was talking to names herself; the role's quotes are hers
    body = _name_asked('"And what is your name?" asked Anna.')
    got = lines(tmp_path, body, [TOM, ANNA, THE_CHILD, NELL_GREY])
    assert [who for _, who in got] == ["Nell Grey", "Anna", "Anna", "Nell Grey", "Anna", "Nell Grey"]


def test_cast_role_answering_boundary_a_name_asked_of_another(tmp_path):
    # "What is his name?": someone else's name; the role stays the role
    body = _name_asked('"And what is his name, the man who sent you?" asked Anna.')
    got = lines(tmp_path, body, [TOM, ANNA, THE_CHILD, NELL_GREY])
    assert [who for _, who in got[:4]] == ["The Child", "Anna", "Anna", "The Child"]


def test_cast_role_answering_boundary_the_role_of_the_other_sex(tmp_path):
    # a role the cast says is a boy, answering with a girl's name: not joined to her
    boy = Character("The Child", (), MALE)
    body = _name_asked('"And what is your name?" asked Anna.')
    got = lines(tmp_path, body, [TOM, ANNA, boy, NELL_GREY])
    assert got[0][1] == "The Child" and got[3][1] == "The Child"
