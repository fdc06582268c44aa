"""Trained models at run time: the shipped core spaCy pipeline (``core/``) and ONNX token classifiers."""
