"""The resolver's remembered answers live as long as the resolver: extraction calls that each
build a resolver from the store do not keep the ones before alive."""

from __future__ import annotations

import gc
import weakref

from coalition_watch import api as core_api
from coalition_watch.extract import api as extract_api
from coalition_watch.extract import mentions
from coalition_watch.registry.resolver import Resolver

TEXT = ("Ahrar al-Sham clashed with Hay'at Tahrir al-Sham in Idlib in July 2017, while the "
        "Free Idlib Brigade and Tehrik-e Taliban Pakistan (TTP) stayed out of it.")


def test_extraction_calls_keep_no_resolver_of_an_earlier_call(small_store, monkeypatch):
    built: list[weakref.ref] = []
    resolver_of = core_api.resolver

    def recording(store):
        resolver = resolver_of(store)
        built.append(weakref.ref(resolver))
        return resolver

    monkeypatch.setattr(core_api, "resolver", recording)
    outputs = []
    for _ in range(4):
        outputs.append(extract_api.extract_texts([("d", TEXT)], store=small_store, workers=1))
        gc.collect()
        assert sum(ref() is not None for ref in built) <= 1
    assert len(built) == 4 and all(ref() is None for ref in built)
    assert all(out == outputs[0] for out in outputs)
    assert {m["actor_id"] for m in outputs[0]["documents"][0]["mentions"]} >= {"ahrar-al-sham", "hts", "ttp"}


def test_answers_are_remembered_per_resolver_while_it_lives(small_kb):
    resolver = Resolver(small_kb.actors.values(), small_kb.lineage)
    match = resolver.resolve("Ahrar al Sham", country="SYR")
    assert mentions._resolve_cached(resolver, "Ahrar al Sham", ("SYR",)) == (match.actor_id, match.method)
    assert mentions._resolve_cached(resolver, "Ahrar al Sham", ("SYR",)) == (match.actor_id, match.method)
    assert mentions._answers_of(resolver).cache_info().hits == 1
    gone = weakref.ref(resolver)
    del resolver
    gc.collect()
    assert gone() is None
