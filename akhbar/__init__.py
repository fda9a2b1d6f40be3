"""akhbar: the open-source Urdu news engine.

>>> import akhbar
>>> akhbar.__version__
'0.1.0'
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
