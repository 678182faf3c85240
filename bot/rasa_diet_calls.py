"""DIET's TensorFlow graph, called directly once it is built. Imported by ``rasa_server.py`` in .venv-rasa's Python
3.10: Rasa, the TensorFlow it installs, and the standard library.

Rasa 3.6 predicts through a ``tf.function`` with a fixed input signature: one graph, traced on the first message.
Every later call still goes through the function's dispatch, which canonicalises the inputs against the signature
and looks the graph up again; for one short message that costs as much as running the graph. Here, once Rasa has
built the graph, its concrete function is called with the inputs turned into tensors of the signature's types:
the same graph on the same tensors, so the same intent, confidences and entities.

What keeps it right: the first call of every model, an eager model, and any batch whose arrays do not match the
signature (another number of inputs, or a rank the signature does not have) go through Rasa's own call.
"""

from __future__ import annotations

from typing import Any


def call_diet_directly() -> None:
    import tensorflow as tf
    from rasa.utils.tensorflow import models

    rasas_own = models.RasaModel._rasa_predict

    def graph_for(model: Any) -> tuple[Any, list[Any]] | None:
        """The concrete function of the model's traced graph and its input specs; None before the first call."""
        built = model.__dict__.get("_outfitter_graph")
        if built is None and not model._run_eagerly and model._tf_predict_step is not None:
            concrete = model._tf_predict_step.get_concrete_function()
            specs = tf.nest.flatten(model._tf_predict_step.input_signature)
            built = model.__dict__["_outfitter_graph"] = (concrete, specs)  # not a tracked Keras attribute
        return built

    def _rasa_predict(self: Any, batch_in: tuple[Any, ...]) -> dict[str, Any]:
        built = graph_for(self) if self.prepared_for_prediction else None
        if built is None:
            return rasas_own(self, batch_in)
        concrete, specs = built
        if len(batch_in) != len(specs) or any(len(spec.shape) != getattr(array, "ndim", -1)
                                              for array, spec in zip(batch_in, specs, strict=True)):
            return rasas_own(self, batch_in)
        self._training = False
        tensors = [tf.convert_to_tensor(array, dtype=spec.dtype) for array, spec in zip(batch_in, specs, strict=True)]
        outputs = models.tf_utils.sync_to_numpy_or_python_type(concrete._call_flat(tensors, concrete.captured_inputs))
        if models.DIAGNOSTIC_DATA in outputs:
            outputs[models.DIAGNOSTIC_DATA] = self._empty_lists_to_none_in_dict(outputs[models.DIAGNOSTIC_DATA])
        return outputs

    models.RasaModel._rasa_predict = _rasa_predict
