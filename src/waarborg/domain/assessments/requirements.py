"""Which human-rights assessments an entry needs, from its classification result (CONTRACTS.md).

FRIA: AI Act Art. 27(1) (FACTS.md A5). IAMA: Dutch government practice, not a statutory duty
(FACTS.md D). HUDERIA: recommended under CETS 225 Art. 16, non-binding (FACTS.md C).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from waarborg.domain.errors import InvalidInput

Level = Literal["required", "recommended"]

ORGANISATION_KINDS = (
    "public-authority",  # overheidsorgaan / bestuursorgaan
    "body-governed-by-public-law",  # publiekrechtelijk orgaan
    "private-public-service",  # particuliere entiteit die openbare diensten verleent
    "private",  # other private organisation
)
_PUBLIC = {"public-authority", "body-governed-by-public-law"}
_ART27_ALWAYS = {"5(b)", "5(c)"}


@dataclass(frozen=True)
class Requirement:
    instrument: str
    level: Level
    reason: str
    article: str
    applies_from: str | None = None
    certainty: str = "V-primary"
    reason_nl: str = ""  # the same reason in Dutch, for the UI

    def reason_in(self, lang: str) -> str:
        return self.reason_nl if lang == "nl" and self.reason_nl else self.reason

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _art27_applies_from(classification: Mapping[str, Any]) -> str | None:
    for ob in classification.get("obligations") or []:
        if str(ob.get("article", "")).startswith("Art. 27"):
            value = ob.get("applies_from")
            return str(value) if value else None
    return None


def _fria(classification: Mapping[str, Any], kind: str) -> Requirement | None:
    applies_from = _art27_applies_from(classification)
    if "5(1)(h)" in (classification.get("prohibited") or []):
        return Requirement(
            "fria",
            "required",
            "Real-time remote biometric identification in public spaces for law "
            "enforcement may only be authorised after a FRIA.",
            "Art. 5(2)",
            applies_from,
            reason_nl="Biometrische identificatie op afstand in real time in openbare ruimten voor rechtshandhaving "
            "mag pas worden toegestaan na een FRIA.",
        )
    high = classification.get("high_risk") or {}
    if classification.get("risk_class") != "high-risk" or high.get("route") != "annex-iii":
        return None
    point = high.get("point")
    if point == "2":
        return None  # critical infrastructure is excepted from Art. 27(1)
    if "deployer" not in (classification.get("roles") or []):
        return None
    if point in _ART27_ALWAYS:
        reason = f"Deployer of an Annex III point {point} system: a FRIA is required whatever the kind of organisation."
        nl = f"Gebruiksverantwoordelijke van een systeem uit bijlage III, punt {point}: een FRIA is altijd verplicht."
        return Requirement("fria", "required", reason, "Art. 27(1)", applies_from, reason_nl=nl)
    if kind in _PUBLIC or kind == "private-public-service":
        who = (
            "private entity providing public services"
            if kind == "private-public-service"
            else "body governed by public law"
        )
        wie = (
            "particuliere entiteit die openbare diensten verleent"
            if kind == "private-public-service"
            else "publiekrechtelijk orgaan"
        )
        reason = f"Deployer of an Annex III high-risk system (point {point}) that is a {who}: FRIA before first use."
        nl = (
            f"Gebruiksverantwoordelijke van een AI-systeem met een hoog risico uit bijlage III (punt {point}) "
            f"die een {wie} is: FRIA vóór het eerste gebruik."
        )
        return Requirement("fria", "required", reason, "Art. 27(1)", applies_from, reason_nl=nl)
    reason = (
        f"Annex III high-risk system (point {point}) deployed by a private organisation without public "
        "services: a FRIA is not required but helps meet Art. 26 and Art. 9 duties."
    )
    nl = (
        f"AI-systeem met een hoog risico uit bijlage III (punt {point}) bij een particuliere organisatie zonder "
        "openbare diensten: een FRIA is niet verplicht maar helpt bij de plichten uit art. 26 en art. 9."
    )
    return Requirement("fria", "recommended", reason, "Art. 27(1)", applies_from, reason_nl=nl)


def _iama(classification: Mapping[str, Any], kind: str, fria: Requirement | None) -> Requirement | None:
    if kind not in _PUBLIC or classification.get("risk_class") == "out-of-scope":
        return None
    reason = "Dutch government practice for public bodies (not a statutory duty; a 2022 motion asks for mandatory use)."
    nl = "Nederlandse overheidspraktijk voor overheidsorganisaties (geen wettelijke plicht; een motie uit 2022 vraagt om verplicht gebruik)."
    if fria is not None:
        reason += " The IAMA answers pre-fill the FRIA; the Feb 2026 IAMA version is aligned with Art. 27 (V-secondary)."
        nl += " De IAMA-antwoorden vullen de FRIA vooraf in; de IAMA-versie van februari 2026 sluit aan op art. 27 (V-secondary)."
    return Requirement(
        "iama",
        "recommended",
        reason,
        "IAMA (BZK 2021); motion Tweede Kamer 2022",
        None,
        "V-primary",
        reason_nl=nl,
    )


def _huderia(classification: Mapping[str, Any]) -> Requirement | None:
    convention = classification.get("convention") or {}
    if not convention.get("applies"):
        return None
    in_force = convention.get("in_force")
    state = {True: "in force for the Party", False: "not yet in force", None: "entry into force unknown"}.get(
        in_force, ""
    )
    staat = {
        True: "in werking voor de Partij",
        False: "nog niet in werking",
        None: "inwerkingtreding onbekend",
    }.get(in_force, "")
    reason = (
        "The activity falls within the Convention's scope (Art. 3); HUDERIA is the Council of Europe's non-binding "
        f"risk and impact methodology (Convention {state})."
    )
    nl = (
        "De activiteit valt onder de reikwijdte van het AI-verdrag (art. 3); HUDERIA is de niet-bindende risico- en "
        f"effectbeoordelingsmethode van de Raad van Europa (verdrag {staat})."
    )
    return Requirement(
        "huderia", "recommended", reason, "CETS 225 Art. 16", None, "V-secondary", reason_nl=nl
    )


def requirement_for(classification: Mapping[str, Any], organisation_kind: str) -> list[Requirement]:
    """Required assessments first, then recommended ones; each with its reason and article."""
    if organisation_kind not in ORGANISATION_KINDS:
        raise InvalidInput.at(
            "organisation_kind", f"{organisation_kind!r} is not one of {', '.join(ORGANISATION_KINDS)}"
        )
    if not isinstance(classification, Mapping) or "risk_class" not in classification:
        raise InvalidInput.at(
            "classification.risk_class", f"missing in classification result {str(classification)[:60]!r}"
        )
    fria = _fria(classification, organisation_kind)
    found = [fria, _iama(classification, organisation_kind, fria), _huderia(classification)]
    reqs = [r for r in found if r is not None]
    return sorted(reqs, key=lambda r: (r.level != "required", r.instrument))
