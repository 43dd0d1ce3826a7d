// The stop's map position from the device, if the officer asks for it: it places the stop
// for the veil-of-darkness test's sunset and dusk times (docs/methodology/veil-of-darkness.md).
// The form works without it; this only fills two hidden fields. External, for the Content
// Security Policy; a module, so it runs once the form has been parsed.
const box = document.querySelector("[data-parity-position]");
const latitude = document.getElementById("id_latitude");
const longitude = document.getElementById("id_longitude");

if (box && latitude && longitude && "geolocation" in navigator) {
  const button = box.querySelector("[data-parity-position-button]");
  const status = box.querySelector("[data-parity-position-status]");
  const REASONS = {
    1: "this device was not allowed to share it",
    2: "the device could not work it out",
    3: "it took too long",
  };
  const done = (metres) => {
    status.textContent = metres === null
      ? "Map position added."
      : `Map position added, to within about ${metres} metres.`;
    button.textContent = "Update the map position";
  };

  box.hidden = false;
  if (latitude.value && longitude.value) done(null);
  button.addEventListener("click", () => {
    status.textContent = "Finding the position…";
    navigator.geolocation.getCurrentPosition(
      (found) => {
        latitude.value = found.coords.latitude.toFixed(5);
        longitude.value = found.coords.longitude.toFixed(5);
        done(Math.max(1, Math.round(found.coords.accuracy)));
      },
      (failed) => {
        const why = REASONS[failed.code] || "of an error";
        status.textContent = `The map position was not added because ${why}. You can save the stop without it.`;
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });
}
