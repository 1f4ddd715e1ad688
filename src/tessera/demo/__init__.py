"""tessera.demo"""
