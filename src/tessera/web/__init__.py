"""tessera.web"""
