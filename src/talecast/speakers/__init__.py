"""Who speaks each quote: the modules behind ``talecast.attribute`` (the public entry:
``attribute``, ``discover``, ``Character``; ``attribute.py`` gives the order of the rules).
Each module imports only the ones listed before it:

- ``verbs``: speech verbs and the adverbs beside them
- ``salience``: ``_Salience``, who was named last, and as a subject
- ``cast``: ``Character`` and ``_Cast``: names, genders, families, the narrator
- ``discover``: ``discover``, the characters found in the text
- ``mentions``: what a name, pronoun or description means; the salience record
- ``speech_tags``: speech tags before and after a quote (rule 1)
- ``clues``: actors, listeners, narrated subjects, reported speech (rules 4-6)
- ``turns``: ``_Turn``, the clues of each paragraph with quotes; conversations (rule 6)
- ``sieve``: the rules that decide speakers, 1 to 8
- ``conversation``: rule 9, the best sequence of speakers of a conversation
"""
