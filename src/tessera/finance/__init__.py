"""tessera.finance"""
