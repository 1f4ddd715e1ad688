"""tessera.graph"""
