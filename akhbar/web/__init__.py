"""The web app: a JSON API and an Urdu-first HTML page over one store (``akhbar serve``).

:class:`~akhbar.web.service.Service` computes what both show (no web framework involved);
:func:`akhbar.web.app.create_app` builds the ASGI app (Starlette) around it.

>>> from akhbar.web import Service
>>> Service.__name__
'Service'
"""

from akhbar.web.service import BadRequest, NotFound, Service, ServiceError, TooLarge

__all__ = ["BadRequest", "NotFound", "Service", "ServiceError", "TooLarge"]
