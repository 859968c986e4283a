"""The ``durable`` backend: every rule's conditions evaluated by durable_rules, the Rete
engine, from the rulesets ``compile.rulesets`` writes in its JSON form.

This is the only module that imports durable_rules (the optional extra
``sales-policy[durable]``; it builds from source and imports only on Python 3.12 or
older). Each rule, subject and part is judged in a session of its own: its candidate
facts are asserted, then its subject's fact, the one outcome rule that fires records
its outcome and the day it carries, and the session is deleted. Its sharp edges, each
guarded here and by a test in ``tests/engine/test_durable.py``:

* the C memory of a ruleset is never given back by the library: each backend deletes
  its rulesets when it goes (one set of rulesets per compiled policy);
* rules fire as facts are asserted, so an absence (``$not``) would depend on the order:
  a case's candidates are asserted before its subject, which every rule starts with;
* at most 1024 sessions per ruleset: each session is deleted as soon as it is judged;
* facts are deduplicated by a 32-bit hash of their id: a refused fact is asserted
  again, in a fresh session, under other ids;
* exactly one outcome per case, or an error: never a silent loss or a double count;
* each ``Host`` starts timer threads that never stop and lose results: one ``Host`` per
  backend with its timer dispatch disabled;
* its Python layer runs an action object per firing, swallows exceptions in actions,
  takes an action with two parameters as asynchronous, and leaves reference cycles per
  fact that pile up while the collector is paused: no action runs, the backend reads
  what fired off the engine itself, so nothing is left for the collector;
* threads: its Python layer kept state shared by every call (the old lock's reason); the
  backend keeps none, each case is a session of its own, and the library's calls each
  run whole under the interpreter lock, so threads sharing a backend need no lock of
  its own (8 threads sharing an engine agree, switching threads every microsecond).
"""

from __future__ import annotations

import itertools
import sys
import weakref
from collections.abc import Iterable
from typing import Any

import orjson

from sales_policy.compile import Program
from sales_policy.compile.rules import CompiledRule, Judgement, whole
from sales_policy.compile.rulesets import Json, outcome_of
from sales_policy.compile.values import Env
from sales_policy.judgement.decisions import ROWS, Row
from sales_policy.judgement.world import World

_names = itertools.count()
_PYTHON = (sys.version_info.major, sys.version_info.minor)


_HELD: dict[str, Json] = {
    "held.0": {"all": [{"m": {"$neq": {"k": "$never"}}}, {"n": {"k": "$never"}}]}
}
"""A rule that never fires but holds every fact: a fact no rule's pattern takes (a
candidate that fails its conditions) makes durable_rules refuse the whole batch."""


class DurableUnavailableError(RuntimeError):
    """durable_rules is not installed (or cannot import on this Python)."""


class DurableOutcomeError(RuntimeError):
    """durable_rules fired no outcome, or more than one, for one rule, subject and part."""


def unavailable() -> str | None:
    """Why the durable backend cannot run here, in one line, if it cannot."""
    try:
        _import()
    except DurableUnavailableError as error:
        return str(error)
    return None


def too_new() -> bool:
    """Whether this Python is one durable_rules does not run on (3.13 and later)."""
    return _PYTHON >= (3, 13)


def _import() -> tuple[Any, Any]:
    if too_new():
        raise DurableUnavailableError(
            f"not applicable on Python {_PYTHON[0]}.{_PYTHON[1]}: the durable backend runs on "
            "durable_rules, which imports only on Python 3.12 or older; use the native backend"
        )
    try:
        import durable_rules_engine  # noqa: PLC0415 - an optional extra, imported on use
        from durable import engine  # noqa: PLC0415
    except ImportError as error:
        raise DurableUnavailableError(
            "the durable backend needs durable_rules: `pip install 'sales-policy[durable]'` "
            "(it builds from source, on Python 3.12 or older)"
        ) from error
    return engine, durable_rules_engine


def _release(library: Any, host: Any) -> None:
    """Give back the C memory of a backend's rulesets (the library never does), and
    untie its ``Host`` from them (they refer to each other): all of it is freed at once,
    with no collection, even while a program keeps the collector paused."""
    for ruleset in host._ruleset_list:
        library.delete_ruleset(ruleset._handle)
    host._ruleset_list.clear()
    host._ruleset_directory.clear()


_SHARED: list[tuple[type[Any], Any]] = []


def _shared(engine: Any) -> tuple[type[Any], Any]:
    """The library's ``Host`` without its timer threads (nothing here uses timers, and
    with them on results were lost), and the action of every rule. Made once for every
    backend: a class, or an action object (which refers to itself), made per backend
    would be garbage only the collector frees."""
    if not _SHARED:

        class QuietHost(engine.Host):  # type: ignore[misc]
            def _run(self) -> None:
                """No timer threads."""

        _SHARED.append((QuietHost, engine.Promise(_read_by_the_backend)))
    return _SHARED[0]


class DurableBackend:
    """Judges with one durable_rules ruleset per rule of a compiled policy."""

    name = "durable"

    def __init__(self, program: Program) -> None:
        engine, library = _import()
        host, action = _shared(engine)
        self._engine = engine
        self._sessions = itertools.count()
        serial = next(_names)
        self._rulesets: dict[str, str] = {}
        definitions: dict[str, dict[str, Json]] = {}
        for index, compiled in enumerate(program.rules):
            if compiled.ruleset is None:  # pragma: no cover - every rule has one
                continue
            name = f"sales_policy_{serial}_{index}"
            self._rulesets[compiled.id] = name
            definitions[name] = {
                rule_name: {**pattern, "run": action}
                for rule_name, pattern in {**compiled.ruleset.definition, **_HELD}.items()
            }
        self._host = host(definitions)
        self._library = library
        self._handles = {name: self._host.get_ruleset(name) for name in definitions}
        self._release = weakref.finalize(self, _release, library, self._host)

    def close(self) -> None:
        """Delete the rulesets now (they are deleted anyway when the backend goes)."""
        self._release()

    def judge(
        self,
        world: World,
        rules: Iterable[CompiledRule],
        subject: Any,
        judged: list[tuple[CompiledRule, Judgement, Row]],
    ) -> None:
        names = {"as_of": world.as_of, "period_start": world.period_start, "subject": subject}
        for rule in rules:
            assert rule.ruleset is not None
            ruleset = self._rulesets[rule.id]
            env = Env(subject, names.copy())
            parts = [(None, env)] if rule.parts is whole else rule.parts(world, env)
            for part, part_env in parts:
                for case in rule.ruleset.cases(world, part_env, part):
                    outcome, day = self.evaluate(ruleset, case.facts, rule.id)
                    judgement = case.finish(outcome, day)
                    if judgement is not None:
                        judged.append((rule, judgement, ROWS[outcome]))

    def evaluate(self, ruleset: str, facts: list[Json], rule: str = "") -> tuple[str, int | None]:
        """The one outcome, and the day it carries, of ``facts`` asserted in order in a
        session of their own (deleted afterwards)."""
        for attempt in range(8):
            session = f"{next(self._sessions)}"
            for index, fact in enumerate(facts):
                fact["sid"], fact["id"] = session, f"{index}.{attempt}"
            try:
                fired = set(self.assert_facts(ruleset, facts))
            except self._engine.MessageObservedException:
                continue  # a 32-bit hash collision of two ids: again, under other ids
            finally:
                self._library.delete_state(self._handles[ruleset]._handle, session)
            if len(fired) != 1:
                raise DurableOutcomeError(
                    f"durable_rules fired {len(fired)} outcomes "
                    f"({', '.join(sorted(f'{o} {d}' for o, d in fired)) or 'none'}) "
                    f"for rule {rule} and facts {facts}: exactly one was expected"
                )
            ((outcome, day),) = fired
            return outcome, day
        raise DurableOutcomeError(f"durable_rules refused the facts {facts} under 8 ids")

    def assert_facts(self, ruleset: str, facts: list[Json]) -> list[tuple[str, int | None]]:
        """Assert ``facts`` in one batch and read the rules that fired: each outcome, and
        the day of the candidate it bound as ``c``. The library's own Python layer would
        run an action object per firing and write the session back after each (half the
        audit's time, and a reference cycle per fact): the backend reads the firings off
        the engine instead, written and read by orjson; refusals raise as there."""
        rules = self._handles[ruleset]
        handle, library = rules._handle, self._library
        state = rules._handle_result(
            library.assert_facts(handle, orjson.dumps(facts).decode()), facts
        )
        fired: list[tuple[str, int | None]] = []
        started = library.start_action_for_state(handle, state)
        message = orjson.loads(started[1]) if started else None
        while message:
            for rule_name, bound in message.items():
                done = bound.get("c")
                fired.append((outcome_of(rule_name), None if done is None else int(done["day"])))
            following = library.complete_and_start_action(handle, state)
            message = orjson.loads(following) if following else None
        return fired


def _read_by_the_backend(_c: Any) -> None:
    """The action of every rule, which the library requires: never run, as the backend
    reads what fired off the engine itself (``DurableBackend.assert_facts``)."""
    raise RuntimeError("a durable_rules action ran: the backend reads firings itself")
