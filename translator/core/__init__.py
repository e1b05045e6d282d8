"""The shared core under the shim, the migration and the emulators: resource catalog, API client,
documented errors, caller auth, multipart forms and the id map. It imports none of those parts.

The API client so far: ``client`` (``ApiClient``: ``call``, ``list_all``, the transport seam),
``blocking`` (``BlockingApiClient``, the same client for synchronous callers), ``credentials``
(token or AK/SK), ``retry`` (``RetryPolicy``), ``listing`` (the page walk of ``list_all``) and
``forms`` (multipart encoding of the requests that carry a file).
"""
