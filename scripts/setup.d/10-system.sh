# System packages: Mesa's software Vulkan (lavapipe) and EGL drivers so that
# wgpu finds an adapter on machines without a GPU, Python's venv module, and
# DejaVu fonts for the text in PNG figures.

system_packages=(mesa-vulkan-drivers libvulkan1 libegl-mesa0 libegl1 python3 python3-venv python3-pip ca-certificates pkg-config fonts-dejavu-core)
missing_packages=()
for package in "${system_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing_packages+=("$package")
done
if [ "${#missing_packages[@]}" -gt 0 ]; then
    echo "installing system packages: ${missing_packages[*]}"
    sudo_command=""
    [ "$(id -u)" -eq 0 ] || sudo_command="sudo"
    $sudo_command apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_command apt-get install -y -qq "${missing_packages[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    else
        echo "error: cargo not found. Install Rust 1.92 or newer with rustup (https://rustup.rs), then rerun this script." >&2
        exit 1
    fi
fi
