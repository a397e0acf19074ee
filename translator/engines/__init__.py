"""Translation engines.  Each engine is one module; wrappers (memory, glossary,
cache) live in :mod:`translator.engines.base` and compose around any engine."""
