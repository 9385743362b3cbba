"""gendan (跟单): the merchandiser's command-line desk."""
__version__ = "0.1.0"
