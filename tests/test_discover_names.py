"""Discovery without a cast: people the story knows by a role (``said the ferryman``), and one
person known by two names (``"Ambrose, ..."`` answered by ``said the Hermit``). Small texts of
our own; each mechanism with the boundary where it must not fire."""
from talecast import pipeline


def discovered(tmp_path, body):
    p = tmp_path / "story.txt"
    p.write_text("A Test Story\n\n" + body.strip() + "\n", encoding="utf-8")
    sc, chars = pipeline.script(p)
    return {c.name: c for c in chars}, [(s.text, s.guess) for s in sc.segments if s.kind == "dialogue"]


FERRY = ('Tom Hale came down to the river at dusk. Tom waved his lantern.\n\n'
         '"Is the water high tonight?" Tom asked.\n\n'
         '"High enough," said the ferryman, and he pushed off.\n\n'
         'Tom Hale sat in the stern and watched the bank go by.\n\n'
         '"Will we cross before dark?" asked Tom.\n\n'
         '"We will," said the ferryman. "Hold on to the rail."\n\n'
         'The boat bumped the far bank. "Good night," said Tom.')


def test_role_a_person_known_by_a_role_in_tags_is_a_character(tmp_path):
    chars, said = discovered(tmp_path, FERRY)
    assert "The Ferryman" in chars
    assert ("High enough,", "The Ferryman") in said
    assert ("We will,", "The Ferryman") in said


def test_role_boundary_once_is_no_character(tmp_path):
    body = FERRY.replace('"We will," said the ferryman.', '"We will," he said.')
    chars, _ = discovered(tmp_path, body)
    assert "The Ferryman" not in chars


def test_role_boundary_not_a_person_noun_a_title_a_plural_or_an_adjective(tmp_path):
    # "the gentleman" is for the pronoun and description rules (it may be anyone named),
    # "the doctor" a title, "the sailors" many, "the old" no noun, "read the letter" no tag.
    body = ('Tom Hale came in. "Well?" said the gentleman.\n\n"Yes," said the gentleman.\n\n'
            '"Rest," said the doctor.\n\n"Rest," said the doctor.\n\n'
            '"Ahoy!" cried the sailors.\n\n"Ahoy!" cried the sailors.\n\n'
            '"Come," said the old man.\n\n"Come," said the old man.\n\n'
            '"See," Tom said, and read the letter.\n\n"See," Tom said, and read the letter.')
    chars, _ = discovered(tmp_path, body)
    assert not {"The Gentleman", "The Doctor", "The Sailors", "The Old", "The Letter"} & set(chars)


HERMIT = ('Tom Hale climbed to the cave. The Hermit sat by his fire.\n\n'
          '"Ambrose, is it cold up here?" asked Tom.\n\n'
          '"Always," said the Hermit.\n\n'
          'Tom Hale warmed his hands.\n\n'
          '"Ambrose, have you food?" Tom said.\n\n'
          '"Bread," said the Hermit.\n\n'
          'The wind howled for an hour.\n\n'
          '"Will you come down with me, Ambrose?" asked Tom.\n\n'
          '"Never," the Hermit said.\n\n'
          'Ambrose looked into the fire. Ambrose smiled.')


def test_answering_a_name_called_and_the_name_in_the_answers_tag_are_one_person(tmp_path):
    chars, said = discovered(tmp_path, HERMIT)
    hermit = [c for c in chars.values() if "Ambrose" in c.names()]
    assert len(hermit) == 1 and "The Hermit" in hermit[0].names()
    assert {who for text, who in said if text in ("Always,", "Bread,", "Never,")} == {hermit[0].name}


def test_answering_boundary_a_call_answered_by_another_twice_is_not_enough(tmp_path):
    body = HERMIT.replace('"Never," the Hermit said.', '"Never," Tom said again.')
    chars, _ = discovered(tmp_path, body)
    assert not any({"Ambrose", "The Hermit"} <= set(c.names()) for c in chars.values())


def test_answering_boundary_names_of_two_genders_stay_two(tmp_path):
    body = HERMIT.replace("the Hermit", "Mr. Grey").replace("The Hermit", "Mr. Grey").replace(
        "Ambrose", "Mary")
    chars, _ = discovered(tmp_path, body)
    assert not any({"Mary", "Mr. Grey"} <= set(c.names()) for c in chars.values())


INN = ('Tom Hale rode into the yard of the inn. Mr. Pratt kept the inn.\n\n'
       '"A room, Mr. Pratt, if you please," said Tom.\n\n'
       '"The last one," said the innkeeper.\n\n'
       'Tom Hale went up the stairs.\n\n'
       '"Is supper late, Mr. Pratt?" asked Tom.\n\n'
       '"It is ready," said the innkeeper.\n\n'
       'The rain fell all night.\n\n'
       '"What do I owe you, Mr. Pratt?" Tom asked.\n\n'
       '"A shilling," the innkeeper said.\n\n'
       'Tom Hale came down at dawn.\n\n'
       '"Is my horse fed, Mr. Pratt?" asked Tom.\n\n"Fed and watered," said Mr. Pratt.\n\n'
       'Tom Hale paid the boy.\n\n'
       '"Which road, Mr. Pratt?" asked Tom.\n\n"The left," said Mr. Pratt.\n\n'
       'The boy opened the gate.\n\n'
       '"Good day, Mr. Pratt," said Tom.\n\n"Good day," said Mr. Pratt.\n\n'
       'Tom Hale rode out of the yard.\n\n'
       '"Come again soon, Mr. Pratt!" cried the boy.\n\n"I do," said Mr. Pratt.')


def test_answering_a_role_is_the_one_called_beside_its_tags(tmp_path):
    # Mr. Pratt answers to his name too, but the calls beside the innkeeper's tags are his.
    chars, said = discovered(tmp_path, INN)
    pratt = [c for c in chars.values() if "Mr. Pratt" in c.names()]
    assert len(pratt) == 1 and "The Innkeeper" in pratt[0].names()
    assert {who for text, who in said if text in ("The last one,", "It is ready,", "A shilling,")} == {pratt[0].name}


def test_answering_boundary_a_role_beside_calls_of_two_names_stays_its_own(tmp_path):
    body = INN.replace('"What do I owe you, Mr. Pratt?" Tom asked.',
                       '"What do I owe you, Dick?" Tom asked.').replace(
        '"Is supper late, Mr. Pratt?"', '"Is supper late, Dick?"')
    chars, _ = discovered(tmp_path, body)
    assert not any({"Mr. Pratt", "The Innkeeper"} <= set(c.names()) for c in chars.values())
