"""tessera.travel"""
