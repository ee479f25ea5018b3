"""The engine's voices: which ids exist, which languages and variants, and ``talecast voices``' table."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache


# --------------------------------------------------------------------------- the engine's voices

@dataclass(frozen=True)
class Catalog:
    """The voices an engine offers, and (espeak-ng) the variants any of them takes."""

    voices: tuple  # of engine.EngineVoice
    variants: tuple = ()  # of engine.Variant; empty when the driver has none

    @cached_property
    def ids(self) -> dict[str, object]:
        return {v.id: v for v in self.voices}

    @cached_property
    def variant_names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.variants)

    def numbered(self, gender: str) -> list[str]:
        """espeak-ng's numbered variants of a gender, in order: f1, f2, ... or m1, m2, ..."""
        letter = gender[:1]
        found = [n for n in self.variant_names if re.fullmatch(letter + r"\d+", n)]
        return sorted(found, key=lambda n: int(n[1:]))

    def problem(self, voice_id: str) -> str | None:
        """Why ``voice_id`` is not usable (with the closest ids), or None when it is."""
        base, plus, variant = voice_id.partition("+") if self.variants else (voice_id, "", "")
        if base not in self.ids:
            near = [i for i in self.ids if i.rsplit("/", 1)[-1] == base]
            near += [i for i in difflib.get_close_matches(base, list(self.ids), n=3, cutoff=0.6) if i not in near]
            suffix = plus + variant if variant in self.variant_names else ""
            hint = f"closest: {', '.join(n + suffix for n in near[:3])}; " if near else ""
            return f"voice '{voice_id}' is not one of the engine's voices ({hint}`talecast voices` lists them)"
        if plus and variant not in self.variant_names:
            near = difflib.get_close_matches(variant, list(self.variant_names), n=3, cutoff=0.5)
            hint = f"closest: {', '.join(base + '+' + n for n in near)}; " if near else ""
            return (f"voice '{voice_id}': '+{variant}' is not an espeak-ng variant "
                    f"({hint}`talecast voices` lists them)")
        return None

    def matching(self, language: str) -> list:
        """Voices for ``language``: exact language first, then its regional forms, by id.

        With none, the language's parent (``en-gb-x-rp`` -> ``en-gb`` -> ``en``).
        """
        want = _lang(language)
        while want:
            exact, regional = [], []
            for v in self.voices:
                langs = [_lang(x) for x in v.languages] or [_lang(v.id.rsplit("/", 1)[-1])]
                if want in langs:
                    exact.append(v)
                elif any(x.startswith(want + "-") for x in langs):
                    regional.append(v)
            if exact or regional:
                return sorted(exact, key=lambda v: v.id) + sorted(regional, key=lambda v: v.id)
            want = want.rpartition("-")[0]  # en-gb-x-rp -> en-gb -> en, for other engines
        return []

    def languages(self) -> list[str]:
        return sorted({_lang(x) for v in self.voices for x in v.languages})

    def resolve(self, language: str, gender: str | None = None, variant: int | None = None) -> str:
        """The engine id a description names (raises ValueError with what would be valid).

        espeak-ng: the first voice for ``language``, plus the ``+f<variant>`` or
        ``+m<variant>`` variant when a gender is given (variant 1 by default).
        Other drivers (macOS, Windows): the ``variant``-th voice (counting from 1,
        and round again when there are fewer) for the language and gender.
        """
        found = self.matching(language)
        if not found:
            near = difflib.get_close_matches(_lang(language), self.languages(), n=3, cutoff=0.5)
            hint = f" (closest: {', '.join(near)})" if near else ""
            raise ValueError(f"no voice speaks language '{language}'{hint}")
        if self.variants and gender:
            names = self.numbered(gender)
            n = variant or 1
            if not names or not 1 <= n <= len(names):
                raise ValueError(f"variant = {n}: espeak-ng has {gender} variants 1 to {len(names)}")
            return f"{found[0].id}+{names[n - 1]}"
        if gender and not self.variants:
            found = [v for v in found if v.gender == gender] or found
        return found[((variant or 1) - 1) % len(found)].id

    @staticmethod
    @lru_cache(maxsize=1)
    def from_engine() -> "Catalog":
        """This process's engine's voices (the engine is created on first use)."""
        from ..synth import engine

        return Catalog(tuple(engine.list_voices()), tuple(engine.list_variants()))


def _lang(code: str) -> str:
    return code.strip().lower().replace("_", "-")


def voice_table(catalog: Catalog, language: str | None = None, gender: str | None = None) -> str:
    """The engine's voices as a text table, with espeak-ng variants as suffixes."""
    rows = catalog.matching(language) if language else sorted(catalog.voices, key=lambda v: v.id)
    if gender and not catalog.variants:  # espeak-ng's own voices take any gender through a variant
        rows = [v for v in rows if v.gender == gender]
    table = [("ID", "NAME", "LANGUAGE", "GENDER")] + [
        (v.id, v.name, ", ".join(v.languages), v.gender or "") for v in rows]
    widths = [max(len(r[i]) for r in table) for i in range(3)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r[:3], widths)) + "  " + r[3] for r in table]
    if not rows:
        lines.append("(no voice matches)")
    if catalog.variants:
        example = rows[0].id if rows else "gmw/en-us"
        eg = {"female": f"{example}+f3", "male": f"{example}+m3"}.get(gender, f"{example}+f3 or {example}+m7")
        lines += ["", f"espeak-ng variants: add one to any id above, e.g. {eg}."]
        for g in ("female", "male", None):
            if gender and g != gender:
                continue
            numbered = catalog.numbered(g) if g else []
            named = [v.name for v in catalog.variants
                     if v.gender == g and v.name not in numbered]
            label = g or "other"
            lines.append(f"  {label + ':':8} " + " ".join("+" + n for n in numbered + sorted(named, key=str.lower)))
    return "\n".join(lines)
