/** The home page's map of the site: sections of pages, each linked when it was built, with a line about it. */

/** One planned page. */
export interface SiteMapPage {
  /** Site path, e.g. "/data". */
  path: string;
  name: string;
  /** One sentence on what the page shows. */
  text: string;
}

/** A group of pages. */
export interface SiteMapSection {
  title: string;
  pages: SiteMapPage[];
}

/**
 * The paths ("/data") of the pages in this build, read from Framework's sidebar on the home page, which
 * observablehq.config.ts fills at build time with the pages whose Markdown exists: always in step with the build,
 * unlike a cached data loader. Sidebar links on the home page are relative ("./data"), so this also holds when the
 * site is served from a sub-path.
 */
export function builtPages(root: ParentNode = document): Set<string> {
  const links = root.querySelectorAll<HTMLAnchorElement>("#observablehq-sidebar a[href^='./']");
  return new Set(
    Array.from(links, (a) =>
      a
        .getAttribute("href")!
        .slice(1)
        .replace(/\.html$/, ""),
    ),
  );
}

/**
 * Cards of sections listing their pages; pages in `built` are links, the others are marked "in preparation", so
 * the map never links a page that does not exist.
 */
export function SiteMap(sections: SiteMapSection[], built: Set<string>): HTMLElement {
  const grid = document.createElement("div");
  grid.className = "grid grid-cols-2 site-map";
  grid.style.gridAutoRows = "auto"; // Framework's grid makes rows equally tall; these cards differ in length
  for (const section of sections) {
    const card = document.createElement("div");
    card.className = "card";
    const title = document.createElement("h2");
    title.textContent = section.title;
    const list = document.createElement("ul");
    list.style.cssText = "padding-left: 1.2em; margin: 0.5em 0 0";
    for (const page of section.pages) {
      const item = document.createElement("li");
      item.style.marginBottom = "0.6em";
      const name = document.createElement("b");
      name.textContent = page.name;
      if (built.has(page.path)) {
        const link = document.createElement("a");
        link.href = `.${page.path}`;
        link.append(name);
        item.append(link);
      } else {
        const later = document.createElement("span");
        later.className = "muted";
        later.textContent = " (in preparation)";
        item.append(name, later);
      }
      const text = document.createElement("div");
      text.textContent = page.text;
      item.append(text);
      list.append(item);
    }
    card.append(title, list);
    grid.append(card);
  }
  return grid;
}
