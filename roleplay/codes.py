"""Every code a scenario check can report, errors and warnings alike, each with an example.

The guide's codes table is generated from here, and a test plays every
example: it makes the change to the tutorial scenario (so the examples live
here, beside the guide's other material, not in the format's package, which
knows no scenario) and checks that the code is reported (examples without a change concern the file itself and are
described instead). Another test checks that every code the loader can emit
is listed, so the table stays complete.
"""

from __future__ import annotations

from dataclasses import dataclass

from roleplay.scenario.lint import CODES as LINT_CODES
from roleplay.scenario.problems import Severity


@dataclass(frozen=True)
class Example:
    shown: str
    """What the mistake looks like, for the guide."""
    before: str = ""
    after: str = ""
    """The change to the tutorial scenario that makes it (empty: the example is about the file itself)."""
    everywhere: bool = False
    deep: bool = False


ERRORS: dict[str, str] = {
    # the file
    "not-found": "the file does not exist",
    "not-a-file": "a folder was named instead of a file",
    "no-permission": "the file cannot be read: permission denied",
    "unreadable": "the file cannot be read for another reason",
    "not-utf8": "the file is not UTF-8 text",
    "too-large": "the file is larger than a scenario can be",
    # the YAML
    "yaml-syntax": "the text is not valid YAML",
    "bad-character": "a control character YAML does not allow",
    "too-many-values": "aliases expand to more values than a scenario can hold",
    "too-deep": "nesting deeper than any scenario needs",
    "unsafe-tag": "a YAML tag that could build something other than plain data",
    "bad-value": "a tagged value YAML cannot read",
    "bad-key": "a key that is not a plain value",
    "bad-merge": "a '<<' merge of something that is not a mapping",
    "duplicate-key": "the same key twice in one mapping",
    "not-a-mapping": "the document is not a mapping of keys to values",
    # the format
    "unknown-key": "a key the format does not have here",
    "missing": "a required key is missing",
    "unknown-condition": "a condition key that is not a test",
    "bad-condition": "a condition that is not one mapping with one key",
    "wrong-type": "a value of the wrong kind (text for a number, a single value for a list)",
    "yaml-trap": "a value YAML read as a yes/no, number, date or null where text was meant",
    "bad-id": "an id with characters ids cannot have",
    "bad-choice": "a value not among those allowed",
    "format-version": "a format version this roleplay does not read",
    "out-of-range": "a number outside its range",
    "too-short": "a list with fewer items than it needs",
    "too-long": "a text or list longer than allowed",
    "empty": "a text that must not be empty",
    "invalid": "a value the format refuses for another reason",
    # the meaning
    "duplicate-id": "two things of one kind with the same id",
    "unknown-option": "an option id its issue does not have",
    "unknown-issue": "an issue id the scenario does not have",
    "unknown-delegation": "a delegation id the scenario does not have",
    "unknown-playable-delegation": "a delegation id that is not a playable delegation",
    "unknown-team-member": "a roster member id the scenario does not have",
    "unknown-gesture": "a gesture id the scenario does not have",
    "unknown-subject": "an 'about' that names no issue, delegation or gesture",
    "expectation-outside": "an expectation outside the range from ideal to reservation",
    "missing-stance": "a delegation at the table without a stance on some issue",
    "no-playable": "no delegation is playable",
    "playable-bystander": "a delegation beside the table marked playable",
    "no-counterpart": "a playable delegation with nobody across the table",
    "type-beside-table": "counterpart types on a delegation beside the table",
    "flag-never-set": "a condition tests a flag nothing sets",
    "no-ending": "an outcome no ending tells",
    "bad-braces": "an unbalanced '{' or '}' in a line",
    "unknown-placeholder": "a placeholder that is not something a line can name",
    "too-big": "more issues, options, delegations, rules or condition tests than a game can be played with",
    "more-problems": "the line that stands for every problem past the first ones listed",
}

WARNINGS: dict[str, tuple[Severity, str]] = LINT_CODES
"""Every code that is not an error: the lints' own registry, which the loader's warnings are listed in too."""

TENANT_RENT = "rent: {ideal: r1800, reservation: r2400, expectation: r2000, weight: 3}"
LONG_LEASE = "      - id: insulting-rent\n        when: {all: [{move: propose}, {offered: {issue: rent, is: r1800}}]}"

PATIENT_RENT = "        holds_until_trust: 0.6\n        stances:\n          rent: {reservation: r2200, expectation: r2400}"

EXAMPLES: dict[str, Example] = {
    "not-found": Example("roleplay validate no-such-file.yaml"),
    "not-a-file": Example("roleplay validate scenarios/  (a folder given where a file is expected)"),
    "no-permission": Example("a file only another user may read"),
    "unreadable": Example("a file on a disk that fails while it is read"),
    "not-utf8": Example("a file saved as Latin-1 with an accented letter"),
    "too-large": Example("a file of several megabytes"),
    "yaml-syntax": Example("rounds: {4", "rounds: 4", "rounds: {4"),
    "bad-character": Example("a control character (a form feed, a NUL) pasted into a line"),
    "too-many-values": Example("an alias that repeats itself, many times over"),
    "too-deep": Example("lists nested hundreds of levels deep"),
    "unsafe-tag": Example("rounds: !python/object 4", "rounds: 4", "rounds: !python/object 4"),
    "bad-value": Example("rounds: !!int four", "rounds: 4", "rounds: !!int four"),
    "bad-key": Example("? [a, b]\n: value", "rounds: 4", "? [a, b]\n: value\nrounds: 4"),
    "bad-merge": Example("<<: [1, 2]", "rounds: 4", "rounds: 4\npreparation:\n  <<: [1, 2]"),
    "duplicate-key": Example("rounds: 4\nrounds: 5", "rounds: 4", "rounds: 4\nrounds: 5"),
    "not-a-mapping": Example("a list where the scenario's keys should be"),
    "unknown-key": Example("roundz: 4", "rounds: 4", "roundz: 4"),
    "missing": Example("an ending without 'text'",
                       '    text: "The talks end without a lease."\n', ""),
    "unknown-condition": Example("when: {movez: {kind: pressure, at_least: 2}}",
                                 "when: {moves: {kind: pressure, at_least: 2}}",
                                 "when: {movez: {kind: pressure, at_least: 2}}"),
    "bad-condition": Example("when: {move: pressure, flag: angry}", "when: {moves: {kind: pressure, at_least: 2}}",
                             "when: {move: pressure, flag: angry}"),
    "wrong-type": Example("rounds: many", "rounds: 4", "rounds: many"),
    "yaml-trap": Example("label: no", "label: Rent", "label: no"),
    "bad-id": Example("id: Harbour Cafe", "id: tutorial-harbour-cafe", "id: Harbour Cafe"),
    "bad-choice": Example("outcome: [collapse]", "outcome: [breakdown]", "outcome: [collapse]"),
    "format-version": Example("format_version: 2", "format_version: 1", "format_version: 2"),
    "out-of-range": Example("rounds: 0", "rounds: 4", "rounds: 0"),
    "too-short": Example("outcome: []", "outcome: [breakdown]", "outcome: []"),
    "too-long": Example("short: The Harbour Café on the quay", "short: Café", "short: The Harbour Café on the quay"),
    "empty": Example('label: ""', "label: Rent", 'label: ""'),
    "invalid": Example("every score weight 0", "  outcome: 0.35\n  realism: 0.2\n  gap_closure: 0.15\n"
                       "  relationship: 0.15\n  efficiency: 0.15", "  outcome: 0\n  realism: 0\n  gap_closure: 0\n"
                       "  relationship: 0\n  efficiency: 0"),
    "duplicate-id": Example("two roster members with 'id: accountant'", "- id: lawyer", "- id: accountant"),
    "unknown-option": Example("{expects: {issue: rent, is: r1700}}", "{expects: {issue: rent, is: r1800}}",
                              "{expects: {issue: rent, is: r1700}}"),
    "unknown-issue": Example("{issue: rents, about: landlord, width: 2}", "{issue: rent, about: landlord, width: 2}",
                             "{issue: rents, about: landlord, width: 2}"),
    "unknown-delegation": Example("effects: {target: lanlord, tension: 0.05}", "target: landlord", "target: lanlord"),
    "unknown-playable-delegation": Example("serves: [council]", "serves: [tenant]", "serves: [council]"),
    "unknown-team-member": Example("{not: {team: plumber}}", "{not: {flag: council-briefed}}", "{not: {team: plumber}}"),
    "unknown-gesture": Example("{not: {gave: flowers}}", "{not: {flag: council-briefed}}", "{not: {gave: flowers}}"),
    "unknown-subject": Example("{not: {about: flowers}}", "{not: {flag: council-briefed}}", "{not: {about: flowers}}"),
    "expectation-outside": Example("rent: {ideal: r1800, reservation: r2400, expectation: r2600}", TENANT_RENT,
                                   "rent: {ideal: r1800, reservation: r2400, expectation: r2600, weight: 3}"),
    "missing-stance": Example("a delegation at the table with no 'rent:' under stances", "      " + TENANT_RENT + "\n",
                              ""),
    "no-playable": Example("every delegation with playable: false", "playable: true", "playable: false", everywhere=True),
    "playable-bystander": Example("role: observer\nplayable: true", "    role: observer",
                                  "    role: observer\n    playable: true"),
    "no-counterpart": Example("the only other principal made an observer", "  - id: landlord\n    name: Chandlery Estates\n"
                              "    short: Owner\n    role: principal", "  - id: landlord\n    name: Chandlery Estates\n"
                              "    short: Owner\n    role: observer"),
    "type-beside-table": Example("types under a delegation with role: observer", "  - id: landlord\n    name: Chandlery "
                                 "Estates\n    short: Owner\n    role: principal", "  - id: landlord\n    name: Chandlery "
                                 "Estates\n    short: Owner\n    role: observer"),
    "flag-never-set": Example("{not: {flag: council-brefed}}", "{not: {flag: council-briefed}}",
                              "{not: {flag: council-brefed}}"),
    "no-ending": Example("no ending with outcome: [breakdown]", "outcome: [breakdown]", "outcome: [partial]"),
    "bad-braces": Example('closing: ["My final word: {package."]', "My final word: {package}.",
                          "My final word: {package."),
    "unknown-placeholder": Example('closing: ["My final word: {pakage}."]', "My final word: {package}.",
                                   "My final word: {pakage}."),
    "too-big": Example("thousands of rules under one delegation"),
    "more-problems": Example("a file with hundreds of mistakes: the first ones are listed, then this line"),
    # warnings and notes
    "rule-never-fires": Example("a rule `when: {move: propose}` above one that asks `{all: [{move: propose}, ...]}`",
                                LONG_LEASE, "      - id: insulting-rent\n        when: {move: propose}"),
    "rule-hidden-by-type": Example("a type's rule `when: {move: propose}` above the delegation's `{all: [{move: propose}, "
                                   "...]}` rules", PATIENT_RENT, "        rules:\n          - id: no-haggling\n            when: "
                                   "{move: propose}\n            say: Not a cent less.\n" + PATIENT_RENT),
    "flag-never-read": Example("a flag set by set_flags that no condition tests",
                               "{not: {flag: council-briefed}}", "{not: {consulted: council}}"),
    "unused-line-tag": Example("a delegation beside the table given counter: lines",
                               '      consult: ["The council wants the quay lively; it does not take sides on the rent."]',
                               '      consult: ["The council wants the quay lively; it does not take sides on the rent."]'
                               '\n      counter: ["No."]'),
    "unreachable-ending": Example("a fallback ending (no 'when') above another ending for the same outcome",
                                  "    when: {agreed: {issue: term, at_least: y3}}\n", ""),
    "no-briefing": Example("a playable delegation with an empty briefing", "    briefing: |\n      You run a small café",
                           "    briefing: ''\n    notes: |\n      You run a small café"),
    "ending-never-reached": Example("an ending whose condition no simulated game meets (--deep)",
                                    "    when: {agreed: {issue: term, at_least: y3}}",
                                    "    when: {agreed: {issue: rent, is: r1800}}", deep=True),
    "rule-never-fired": Example("a rule no simulated game makes fire (--deep)", LONG_LEASE,
                                "      - id: insulting-rent\n        when: {all: [{move: propose}, {round_at_least: 9}]}",
                                deep=True),
    "no-zopa": Example("the tenant takes a one-year lease only, the landlord two years or more",
                       "term: {ideal: y5, reservation: y1, expectation: y3, weight: 1}",
                       "term: {ideal: y1, reservation: y1, expectation: y1, weight: 1}"),
    "options-out-of-order": Example('options 1,800 / 3,000 / 2,200 / 2,400 / 2,600 a month',
                                    '{id: r2000, label: "2,000 a month"}', '{id: r2000, label: "3,000 a month"}'),
    "effect-reaches-nobody": Example("an observer's rule with effects: {tension: 0.05} and no target",
                                     "effects: {target: landlord, tension: 0.05}", "effects: {tension: 0.05}"),
    "unfilled-placeholder": Example('walk_out: ["That is enough, {option}."]',
                                    'walk_out: ["That is enough. Find another building."]',
                                    'walk_out: ["That is enough, {option}."]'),
    "label-too-long": Example("label: The monthly rent, before all the charges", "label: Rent",
                              "label: The monthly rent, before all the charges"),
    "yes-no-value": Example("playable: yes", "playable: true", "playable: yes"),
    "unknown-lint-code": Example("lint_ignore: [rule-never-fire]", "  efficiency: 0.15\n",
                                 "  efficiency: 0.15\nlint_ignore: [rule-never-fire]\n"),
}


def severity(code: str) -> Severity:
    return WARNINGS[code][0] if code in WARNINGS else Severity.error


def what(code: str) -> str:
    return WARNINGS[code][1] if code in WARNINGS else ERRORS[code]


def all_codes() -> list[str]:
    return [*ERRORS, *WARNINGS]
