"""The stage "synth": text and a voice in, speech (16-bit mono PCM at ``engine.SAMPLE_RATE``) out.

``engine`` wraps pyttsx3 on espeak-ng (its voices and variants, one engine per
process); ``speech`` says what the engine hears where it differs from the page
(Roman numerals in headings); ``cache`` keeps every clip, keyed by engine,
voice and text; ``workers`` synthesizes batches of segments in worker processes.
"""
