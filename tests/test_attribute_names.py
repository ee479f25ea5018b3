"""Names in speech tags: a name is certain even when it is also a common word (issue 12, class 1),
and a thin cast (full names only) is read with the forms a text uses (class 2).

Each rule has its boundary pinned beside it: where it must not fire.
"""
from talecast import pipeline
from talecast.attribute import FEMALE, MALE, Character
from talecast.attribute.names import NameIndex, name_position, tokens


def lines(tmp_path, body, characters=None):
    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\n" + body.strip() + "\n", encoding="utf-8")
    sc, chars = pipeline.script(p, characters)
    return [(s.text, s.speaker) for s in sc.segments if s.kind == "dialogue"], chars


def speakers(tmp_path, body, characters=None):
    return [who for _, who in lines(tmp_path, body, characters)[0]]


def _at(text, word):
    toks = list(tokens(text))
    return name_position(toks, next(i for i, t in enumerate(toks) if t.text == word), 1)


# --- a common word used as a name ---------------------------------------------------

def test_name_position_inside_a_sentence_and_before_a_speech_verb():
    assert _at("said Will, and laughed.", "Will")
    assert _at("and then Rose turned away", "Rose")
    assert _at("Will said nothing.", "Will")  # a sentence start, but a speech verb follows
    assert _at("Rose turned to the door.", "Rose")  # a verb of the past follows


def test_name_position_boundary_sentence_start_article_or_capitalised_word():
    assert not _at("Will you come?", "Will")
    assert not _at("Hope is all we have.", "Hope")
    assert not _at("He went up to the Hall.", "Hall")
    assert not _at("They met at the Town Hall.", "Hall")


def test_name_index_common_word_matches_only_where_a_name_stands():
    index = NameIndex(common={"will"})
    index.add(("Will",), 0, 3)
    assert index.match(list(tokens("said Will.")), 1) == ([0], 1)
    assert index.match(list(tokens("Will you come?")), 0) == ([], 0)


def test_name_index_boundary_a_word_never_written_in_lower_case_matches_anywhere():
    index = NameIndex(common={"will"})
    index.add(("Anna",), 0, 3)
    assert index.match(list(tokens("Anna you say?")), 0) == ([0], 1)


STORY_WILL = ('Will Crane came home late. "I will wait," he told his sister, and sat down.\n\n'
              '"You always say you will," said Anna.\n\n'
              '"This time I will," said Will.\n\n'
              '"We shall see," Anna replied.')


def test_tag_a_given_name_that_is_also_a_word_with_a_thin_cast(tmp_path):
    # The cast gives only "Will Crane"; the text writes "will" in lower case too.
    cast = [Character("Will Crane", (), MALE), Character("Anna", (), FEMALE)]
    assert speakers(tmp_path, STORY_WILL, cast) == ["Will Crane", "Anna", "Will Crane", "Anna"]


def test_tag_boundary_lower_case_will_is_nobody(tmp_path):
    # "you will," and "I will," are words: the quotes after them are tagged by the names.
    cast = [Character("Will Crane", (), MALE), Character("Anna", (), FEMALE)]
    got = speakers(tmp_path, '"Anna will come," said Tom.\n\n"I will," said Anna.',
                   cast + [Character("Tom", (), MALE)])
    assert got == ["Tom", "Anna"]


ROSE = ('Rose Maylie sat by the window. The sun rose over the hill, and a rose bloomed below.\n\n'
        '"It is late," said Rose.\n\n'
        '"Not yet," said Harry Maylie, and Harry smiled.\n\n'
        '"Late enough," said Rose, and Rose rose from her chair.\n\n'
        '"Then go," Harry answered.')


def test_discovery_keeps_a_name_the_text_also_writes_in_lower_case(tmp_path):
    got = speakers(tmp_path, ROSE)
    assert got[0] == got[2] and got[0] in ("Rose", "Rose Maylie")
    assert got[1] == got[3] and got[1] in ("Harry", "Harry Maylie")


FRANK = ('Will and Grace sat in the garden.\n\n'
         '"The roses are late," said Grace.\n\n"They are always late," said Will.\n\n'
         'Frank came round the corner with a spade.\n\n'
         '"Will never waters them," said Frank. "I am being frank with you."\n\n'
         '"I do," said Will.')


def test_discovery_a_given_name_tagged_once_despite_the_lower_case_word(tmp_path):
    # "said Frank" once, "frank" once in a quote: Frank is a given name, so one tag makes him
    # a name (his line went to Grace by turn-taking); "said Will" twice needed nothing new
    said = lines(tmp_path, FRANK)[0]
    assert ("Will never waters them,", "Frank") in said and ("I am being frank with you.", "Frank") in said
    assert ("I do,", "Will") in said


def test_discovery_once_boundary_a_word_that_is_no_given_name_needs_two_tags(tmp_path):
    # "Brown" is no given name (a colour, a family name): one tag beside "brown" is not enough
    body = FRANK.replace("Frank", "Brown").replace("frank", "brown")
    names = {c.name for c in lines(tmp_path, body)[1]}
    assert "Brown" not in names and "Will" in names


def test_discovery_boundary_a_word_capitalised_only_at_sentence_starts_is_no_one(tmp_path):
    body = ('Hope is a fine thing. Anna knew it. Hope was all she had, and hope is cheap.\n\n'
            '"I hope so," said Anna.\n\n"Hope is not a plan," said Tom.\n\n"No," Anna said.')
    names = {c.name for c in lines(tmp_path, body)[1]}
    assert "Hope" not in names and "Anna" in names


def test_thin_cast_derived_form_of_a_description_is_no_name(tmp_path):
    # "The Doctor" gives no "Doctor" form: "Doctor Kemp" is Kemp, not the doctor.
    cast = [Character("The Doctor", (), MALE), Character("Dr. Kemp", ("Kemp",), MALE),
            Character("Anna", (), FEMALE)]
    body = ('The doctor looked up from his book.\n\n'
            '"Come in," said Doctor Kemp.\n\n"Thank you," said Anna.')
    assert speakers(tmp_path, body, cast) == ["Dr. Kemp", "Anna"]


def test_french_titles_are_titles(tmp_path):
    # "Mlle." is a title: its period ends no sentence, and "Mlle. Blanche" is one name.
    body = ('"Bonjour," said Mlle. Blanche to the General.\n\n'
            '"Good day," said the General.\n\n"Adieu," replied Mlle. Blanche.')
    cast = [Character("Mlle. Blanche", (), FEMALE), Character("The General", (), MALE)]
    assert speakers(tmp_path, body, cast) == ["Mlle. Blanche", "The General", "Mlle. Blanche"]


# --- speech tags with a verb no list has, or adjectives before the name --------------

def test_tag_any_verb_of_the_past_right_after_a_quote_that_goes_on(tmp_path):
    # "queried", "comforted", "assented": not in the speech-verb list, but they stand where one does.
    body = ('Anna and Tom sat by the fire.\n\n"Have you a knife?" queried Anna.\n\n'
            '"Here it is," comforted Tom.\n\n"Thank you," Anna murmured.\n\n"It is sharp," assented Tom.')
    assert speakers(tmp_path, body, [Character("Tom", (), MALE), Character("Anna", (), FEMALE)]) == \
        ["Anna", "Tom", "Anna", "Tom"]


def test_tag_name_then_any_verb_of_the_past_after_a_comma(tmp_path):
    body = 'Anna and Tom sat by the fire.\n\n"It is late," Tom puffed.\n\n"Not yet," Anna replied.'
    assert speakers(tmp_path, body, [Character("Tom", (), MALE), Character("Anna", (), FEMALE)]) == \
        ["Tom", "Anna"]


def _said_after_stay(tmp_path, last):
    """(speaker, rule) of each quote of a small scene of Anna and Tom (a cast of the two) that
    ends with the paragraph ``last``."""
    p = tmp_path / "story.txt"
    p.write_text('A Test Story\n\nAnna and Tom sat by the fire.\n\n"I must go," said Anna.\n\n'
                 '"Stay," said Tom.\n\n' + last + "\n", encoding="utf-8")
    sc, _ = pipeline.script(p, [Character("Tom", (), MALE), Character("Anna", (), FEMALE)])
    return [(s.speaker, s.rule) for s in sc.segments if s.kind == "dialogue"]


def test_tag_pronoun_then_any_verb_of_the_past_after_a_comma(tmp_path):
    # '"...," she puffed.': after a comma the narration goes on the quote's sentence, so a
    # he/she with a verb of the past is its tag, decided as a pronoun tag (turns alternate).
    def rules(last):
        return _said_after_stay(tmp_path, last)

    assert rules('"I cannot," she puffed.')[-1] == ("Anna", "tag")
    assert rules('"You can," he coaxed gently.')[-1] == ("Tom", "tag")


def test_tag_pronoun_open_verb_boundary_stop_or_thinking(tmp_path):
    # After "I cannot." the narration is a sentence of its own ("She frowned." is no tag), and
    # "she mused" thinks: the thinking pronoun keeps its own reading (the one whose mind it is).
    def rule(last):
        return _said_after_stay(tmp_path, last)[-1][1]

    assert rule('"I cannot." She frowned.') != "tag"
    assert rule('"I cannot," she frowned.') == "tag"
    assert rule('"I cannot," she mused.') != "tag"


def test_tag_put_in_and_broke_in(tmp_path):
    body = ('Anna and Tom sat by the fire with Mary.\n\n"It is late," put in Mary.\n\n'
            '"Not at all," broke in Tom.')
    cast = [Character("Tom", (), MALE), Character("Anna", (), FEMALE), Character("Mary", (), FEMALE)]
    assert speakers(tmp_path, body, cast) == ["Mary", "Tom"]


def test_tag_open_verb_boundary_a_quote_that_ends_its_sentence(tmp_path):
    # After "I cannot." the narration is a sentence of its own: "Tom frowned" is no tag (after
    # "I cannot," it is one).
    def rules(last):
        p = tmp_path / "story.txt"
        p.write_text('A Test Story\n\nAnna and Tom sat by the fire.\n\n"I must go," said Anna.\n\n'
                     '"Stay," said Tom.\n\n' + last + "\n", encoding="utf-8")
        sc, _ = pipeline.script(p, [Character("Tom", (), MALE), Character("Anna", (), FEMALE)])
        return [s.rule for s in sc.segments if s.kind == "dialogue"]

    assert rules('"I cannot," Tom frowned.')[-1] == "tag"
    assert rules('"I cannot." Tom frowned.')[-1] != "tag"


def test_tag_adjectives_before_the_name(tmp_path):
    body = ('Anna and Tom sat by the fire with Mr. Elton.\n\n'
            '"If I may contradict a lady," said the gallant Mr. Elton.\n\n'
            '"You may not," replied poor Tom.\n\n"Then I will not," said old Anna.')
    cast = [Character("Tom", (), MALE), Character("Anna", (), FEMALE), Character("Mr. Elton", (), MALE)]
    assert speakers(tmp_path, body, cast) == ["Mr. Elton", "Tom", "Anna"]


def test_tag_adjectives_boundary_a_preposition_is_no_adjective(tmp_path):
    # "said to Tom": Tom is spoken to, not the speaker.
    body = ('Anna and Tom sat by the fire.\n\n"Is it late?" said Tom.\n\n'
            '"Very," she said to Tom, and yawned.')
    got = speakers(tmp_path, body, [Character("Tom", (), MALE), Character("Anna", (), FEMALE)])
    assert got == ["Tom", "Anna"]


def test_tag_a_name_with_its_possessive_answer(tmp_path):
    body = ('Anna and Tom sat by the fire.\n\n"Is it late?" asked Tom.\n\n'
            '"I believe so," was Anna\'s short answer.')
    got = speakers(tmp_path, body, [Character("Tom", (), MALE), Character("Anna", (), FEMALE)])
    assert got == ["Tom", "Anna"]


# --- a thin cast: forms derived from full names (class 2) -----------------------------

def _rules_and_speakers(tmp_path, body, cast):
    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\n" + body.strip() + "\n", encoding="utf-8")
    sc, _ = pipeline.script(p, cast)
    return [(s.speaker, s.rule) for s in sc.segments if s.kind == "dialogue"]


def test_thin_cast_nicknames_of_a_given_name(tmp_path):
    cast = [Character("William Rodney", (), MALE), Character("Katharine Hilbery", (), FEMALE)]
    body = ('William Rodney came to tea with Katharine Hilbery.\n\n"Sugar?" asked Kitty.\n\n'
            '"Two lumps," said Will.\n\n"There," said Katharine.\n\n"Thank you," Bill replied.')
    assert speakers(tmp_path, body, cast) == ["Katharine Hilbery", "William Rodney", "Katharine Hilbery",
                                               "William Rodney"]


def test_thin_cast_nickname_boundary_two_characters_could_claim_it(tmp_path):
    # Two Williams: "Will" is neither's by its name (context may still decide, but not the tag).
    cast = [Character("William Rodney", (), MALE), Character("William Hale", (), MALE),
            Character("Anna", (), FEMALE)]
    body = 'William Rodney and William Hale came to tea.\n\n"Sugar?" asked Anna.\n\n"Two lumps," said Will.'
    got = _rules_and_speakers(tmp_path, body, cast)
    assert got[0] == ("Anna", "tag") and got[1][1] != "tag"


def test_thin_cast_title_and_surname_fit_the_gender(tmp_path):
    cast = [Character("Rachel Lynde", (), FEMALE), Character("Thomas Lynde", (), MALE)]
    body = ('Rachel Lynde and Thomas Lynde sat at home.\n\n"Tea?" said Mrs. Lynde.\n\n'
            '"Thank you," said Mr. Lynde.\n\n"Milk?" asked Mrs. Rachel.\n\n"None," said Lynde.')
    assert speakers(tmp_path, body, cast) == ["Rachel Lynde", "Thomas Lynde", "Rachel Lynde", "Thomas Lynde"]


def test_thin_cast_the_title_alone_is_its_one_bearer(tmp_path):
    cast = [Character("Colonel Ducroix", (), MALE), Character("Gabriel Syme", (), MALE),
            Character("Mademoiselle Reisz", (), FEMALE)]
    body = ('Colonel Ducroix and Gabriel Syme rode out.\n\n"Forward," said the Colonel.\n\n'
            '"After you," said Syme.\n\n"Play it again," said Mademoiselle.')
    assert speakers(tmp_path, body, cast) == ["Colonel Ducroix", "Gabriel Syme", "Mademoiselle Reisz"]


def test_thin_cast_title_alone_boundary_two_bearers(tmp_path):
    cast = [Character("Colonel Ducroix", (), MALE), Character("Colonel Saunders", (), MALE),
            Character("Anna", (), FEMALE)]
    body = ('Colonel Ducroix and Colonel Saunders rode out.\n\n"Halt," said Anna.\n\n'
            '"Forward," said the Colonel.')
    got = _rules_and_speakers(tmp_path, body, cast)
    assert got[0] == ("Anna", "tag") and got[1][1] != "tag"


def test_tag_title_the_cast_does_not_write_and_the_voice_of_a_name(tmp_path):
    cast = [Character("Charley Bates", (), MALE), Character("The Dodger", (), MALE),
            Character("Mrs. Ford", (), FEMALE)]
    body = ('Charley Bates and the Dodger came into the shop of Mrs. Ford.\n\n'
            '"Here he is!" cried Master Charles Bates.\n\n"Me!" replied the voice of the Dodger.\n\n'
            '"No trouble," said the obliging Mrs. Ford.')
    assert speakers(tmp_path, body, cast) == ["Charley Bates", "The Dodger", "Mrs. Ford"]


def test_tag_voice_of_boundary_no_name_after_it(tmp_path):
    # "the voice of reason" names nobody: no name is found there (the description "the voice"
    # is another rule's).
    from talecast.attribute.cast import _Cast
    from talecast.attribute.speech_tags import _titled_or_voice_of

    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\nTom and Anna sat.\n", encoding="utf-8")
    sc, _ = pipeline.script(p, [Character("Tom", (), MALE), Character("Anna", (), FEMALE)])
    cast = _Cast([Character("Tom", (), MALE), Character("Anna", (), FEMALE)], sc)
    for text, want in (("the voice of reason", (None, 0)), ("the voice of Anna", (1, 4))):
        toks = list(tokens(text))
        who, n = _titled_or_voice_of(toks, 0, len(toks), cast, cast.salience, set())
        assert (who.who if who else None, n) == want


def test_tag_verb_with_out_and_the_clear_voice_of_a_name(tmp_path):
    cast = [Character("Gabriel Syme", (), MALE), Character("Inspector Ratcliffe", (), MALE),
            Character("Dr. Bull", (), MALE)]
    body = ('Syme, Ratcliffe and Dr. Bull stood on the pier.\n\n"Can you answer?" called out Syme.\n\n'
            '"Surely not," cut in the clear voice of Inspector Ratcliffe.\n\n"Quite so," said Dr. Bull.')
    assert speakers(tmp_path, body, cast) == ["Gabriel Syme", "Inspector Ratcliffe", "Dr. Bull"]


# --- a cast's roles named in full ----------------------------------------------------

COURT = ('The Dodger stood in the dock, and Oliver watched from the back of the room.\n\n'
         '"Where are my privileges?" said the Dodger.\n\n'
         '"You\'ll get them soon enough," retorted the jailer.\n\n'
         '"Now, young woman!" said a smartly-dressed female from the door.\n\n'
         '"That\'s right!" cried a looker-on from a window.\n\n'
         '"Come on," said the jailer.\n\n"I did that, sir," said a great lubberly fellow.')
ROLES = [Character("The Artful Dodger", ("Dodger",), MALE), Character("Oliver Twist", ("Oliver",), MALE),
         Character("The Jailer At The Dodger's Trial", (), MALE),
         Character("The Smartly-dressed Female", (), FEMALE), Character("The Looker-on", (), MALE),
         Character("The Great Lubberly Fellow", (), MALE)]


def test_thin_cast_a_role_named_in_full_is_its_head_and_brought_in_by_a(tmp_path):
    # "The Jailer At The Dodger's Trial" is "the jailer"; "a looker-on" brings in "The Looker-on"
    assert speakers(tmp_path, COURT, ROLES) == [
        "The Artful Dodger", "The Jailer At The Dodger's Trial", "The Smartly-dressed Female",
        "The Looker-on", "The Jailer At The Dodger's Trial", "The Great Lubberly Fellow"]


def test_thin_cast_role_boundary_two_jailers_and_a_bare_person_noun(tmp_path):
    # Two roles with one head: "the jailer" is the one whose words name the one the narration
    # named last (the Dodger: ``mentions._scene_of_role``; with neither named, neither: test_attribute);
    # "The Stout Man" is not every "man" nor every "stout" one, and "a man" does not bring him in.
    from talecast.attribute.cast import _role_forms
    two = ROLES[:2] + [Character("The Jailer At The Dodger's Trial", (), MALE),
                       Character("The Jailer At Oliver's Trial", (), MALE),
                       Character("The Stout Man", (), MALE)]
    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\n" + COURT.replace("cried a looker-on", "cried a man") + "\n", encoding="utf-8")
    sc, _ = pipeline.script(p, two, threshold=0.0)
    rule = {s.text: (s.rule, s.guess) for s in sc.segments if s.kind == "dialogue"}
    assert rule["You'll get them soon enough,"] == ("tag", "The Jailer At The Dodger's Trial")
    assert rule["That's right!"][1] != "The Stout Man"  # "a man" does not bring in "The Stout Man"
    assert ("the", "Jailer") in [k for _, k, _ in _role_forms(("The", "Jailer", "At", "Oliver", "Trial"))]
    assert not list(_role_forms(("The", "Stout", "Man")))


def test_thin_cast_a_role_brought_in_by_the_narration_is_a_candidate(tmp_path):
    # "A stout man stood" in the narration is the cast's "The Stout Man": "said the man"
    # may mean him (he was no candidate: the narration never named him).
    body = ('Tom ran down the lane, and Bill ran after him. A stout man stood in the road with a '
            'stick.\n\n"Stop, thief!" cried Bill.\n\n"Which way?" said the man.')
    cast = [Character("Tom", (), MALE), Character("Bill", (), MALE), Character("The Stout Man", (), MALE)]
    assert _guesses(tmp_path, body, cast)[-1] == "The Stout Man"


def test_thin_cast_role_brought_in_boundary_one_word_is_no_role(tmp_path):
    # "A mouse ran past" does not bring in the cast's "The Mouse": "he" is still Tom.
    body = ('Anna saw Tom by the fire. A mouse ran past the door.\n\n"Look!" said Anna.\n\n'
            '"Where?" he asked.')
    cast = [Character("Tom", (), MALE), Character("Anna", (), FEMALE), Character("The Mouse", (), MALE)]
    assert _guesses(tmp_path, body, cast) == ["Anna", "Tom"]


def test_thin_cast_a_role_described_with_adjectives_and_one_after_his(tmp_path):
    # "said the burly barman" is the cast's "The Barman"; "His Valet" is "the valet".
    body = ('Tom sat in the inn with the barman and his valet.\n\n'
            '"Good Lord!" said the burly barman.\n\n"Your coat, sir," said the valet quietly.\n\n'
            '"Thank you," said Tom.')
    cast = [Character("Tom", (), MALE), Character("The Barman", (), MALE), Character("His Valet", (), MALE)]
    assert speakers(tmp_path, body, cast) == ["The Barman", "His Valet", "Tom"]


def test_thin_cast_described_role_boundary_other_titles_and_relatives(tmp_path):
    # "the other barman" is not the cast's barman; "the irritable doctor" may be Doctor Grey
    # as well as "The Doctor"; "Her Sister" is no "the sister".
    from talecast.attribute.cast import _role_forms
    assert list(_role_forms(("Her", "Sister"))) == []
    body = ('Tom sat in the inn with Doctor Grey.\n\n"Good Lord!" said the other barman.\n\n'
            '"Sit down," said the irritable doctor.')
    cast = [Character("Tom", (), MALE), Character("The Barman", (), MALE), Character("The Doctor", (), MALE),
            Character("Doctor Grey", (), MALE)]
    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\n" + body + "\n", encoding="utf-8")
    sc, _ = pipeline.script(p, cast, threshold=0.0)
    said = [(s.guess, s.rule) for s in sc.segments if s.kind == "dialogue"]
    assert said[0] != ("The Barman", "tag") and said[1] != ("The Doctor", "tag")


def test_thin_cast_a_one_word_entry_that_is_another_entry_family_name_is_that_one(tmp_path):
    # A cast made from a text's mentions lists "Crane" beside "The Lame Man" whose alias is
    # "Walter Crane": "said Crane" is the lame man, not a second voice for him.
    from talecast.attribute.cast import _same_person
    cast = [Character("Tom", (), MALE), Character("The Lame Man", ("Walter Crane",), MALE), Character("Crane")]
    assert _same_person(cast) == {2: 1}
    body = ('Tom sat with Walter Crane by the fire.\n\n"Where is it?" asked Tom.\n\n'
            '"In the river," said Crane.')
    assert speakers(tmp_path, body, cast) == ["Tom", "The Lame Man"]


def test_thin_cast_same_person_boundary_a_title_two_bearers_or_a_gender(tmp_path):
    from talecast.attribute.cast import _same_person
    # "Mrs. Bunting" has no given name: "Bunting" is her husband
    assert _same_person([Character("Bunting"), Character("Mrs. Bunting", (), FEMALE)]) == {}
    # two Holmeses: "Holmes" is neither
    assert _same_person([Character("Holmes"), Character("Sherlock Holmes", (), MALE),
                         Character("Mycroft Holmes", (), MALE)]) == {}
    # an entry the cast describes (gender, aliases) is somebody of its own
    assert _same_person([Character("Small", (), MALE), Character("Jonathan Small", (), MALE)]) == {}
    assert _same_person([Character("Small", ("Old Small",)), Character("Jonathan Small", (), MALE)]) == {}


def _guesses(tmp_path, body, cast):
    """The speaker attribution chose for each quote, before the confidence cut."""
    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\n" + body + "\n", encoding="utf-8")
    sc, _ = pipeline.script(p, cast, threshold=0.0)
    return [s.guess for s in sc.segments if s.kind == "dialogue"]


def test_tag_pronoun_answering_a_call_is_the_one_called_though_narration_names_others(tmp_path):
    # The narration names Tom and Bill, never the prisoner; Tom calls him "Crane", and "he
    # answered" is Crane's answer, not Tom's or Bill's.
    cast = [Character("Tom", (), MALE), Character("Bill", (), MALE), Character("Walter Crane", (), MALE)]
    body = ('Tom and Bill looked at the prisoner in his chains.\n\n'
            '"Well, Crane," said Tom, lighting his pipe, "it has come to this."\n\n'
            '"So it has, sir," he answered.')
    assert _guesses(tmp_path, body, cast)[-1] == "Walter Crane"


def test_tag_pronoun_answering_a_call_boundary_the_one_called_is_a_woman(tmp_path):
    cast = [Character("Tom", (), MALE), Character("Bill", (), MALE), Character("Mary Crane", (), FEMALE)]
    body = ('Tom and Bill looked at the prisoner in her chains.\n\n'
            '"Well, Mary," said Tom, lighting his pipe, "it has come to this."\n\n'
            '"So it has," he answered.')
    assert _guesses(tmp_path, body, cast)[-1] != "Mary Crane"
