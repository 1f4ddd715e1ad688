"""tessera.matching"""
