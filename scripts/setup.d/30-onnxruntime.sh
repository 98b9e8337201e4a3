# ONNX Runtime shared library: simcal loads it at run time, so set-up copies
# it from the venv's onnxruntime wheel (installed by 20-python.sh) to
# $SIMCAL_HOME/lib, where simcal looks for it after ORT_DYLIB_PATH.

onnxruntime_library_name="libonnxruntime.so.1.31.1"
onnxruntime_library_source="$("$SIMCAL_VENV/bin/python" -c 'import os, onnxruntime; print(os.path.join(os.path.dirname(onnxruntime.__file__), "capi"))')/$onnxruntime_library_name"
onnxruntime_library_target="$SIMCAL_HOME/lib/$onnxruntime_library_name"
if [ ! -f "$onnxruntime_library_source" ]; then
    echo "error: $onnxruntime_library_source is missing; check that scripts/requirements.txt pins onnxruntime==1.31.1" >&2
    exit 1
fi
if ! cmp -s "$onnxruntime_library_source" "$onnxruntime_library_target"; then
    echo "installing $onnxruntime_library_name into $SIMCAL_HOME/lib"
    mkdir -p "$SIMCAL_HOME/lib"
    cp "$onnxruntime_library_source" "$onnxruntime_library_target.tmp"
    mv "$onnxruntime_library_target.tmp" "$onnxruntime_library_target"
fi
