"""tessera.store"""
