"""tessera.api"""
