"""The actor knowledge base: load, validate, match, resolve."""

from rawabit.kb.loader import ActorEntry, KnowledgeBase, load, load_files

__all__ = ["ActorEntry", "KnowledgeBase", "load", "load_files"]
