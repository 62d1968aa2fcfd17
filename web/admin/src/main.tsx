// The entry point of the admin screen that orders-api serves at /admin/.
import { render } from "preact";
import { App } from "./app";
import "./app.css";

const root = document.getElementById("app");
if (root !== null) render(<App />, root);
