"""tessera.screening"""
