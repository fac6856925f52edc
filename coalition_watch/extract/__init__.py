"""Text extraction: group mentions, places, dates and typed relations between groups, with evidence.

The extractor is a pure function over ``(id, text)`` pairs (:func:`pipeline.Extractor.extract`), so
the same code runs in one process, on both cores (:func:`pipeline.extract_parallel`) or on Spark
(:mod:`.spark`). See ``docs/extract.md``.
"""
