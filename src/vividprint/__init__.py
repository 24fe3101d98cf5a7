"""vividprint: magazine issues from Markdown and a manifest to print-ready PDF."""

__version__ = "0.1.0"
