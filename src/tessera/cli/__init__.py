"""tessera.cli"""
