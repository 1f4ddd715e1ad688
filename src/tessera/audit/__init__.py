"""tessera.audit"""
