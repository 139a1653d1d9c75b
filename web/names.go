package web

import (
	"context"
	"html/template"

	"safetybot"
)

// People on the dashboard are shown by name (issue 13 §2): the template
// function name and d.name ask the directory (an admin-set name, the WeCom
// address book, else the userid). An anonymous reporter has no userid and
// shows as 匿名举报.

// bindNames points every page's name function at the dashboard's
// directory. html/template allows replacing a function after parsing.
func (d *Dashboard) bindNames() {
	if d.dir = d.cfg.Directory; d.dir == nil {
		d.dir = safetybot.IDs{}
	}
	for _, t := range d.pages {
		t.Funcs(template.FuncMap{"name": d.name})
	}
}

// name is how userID is shown. Templates have no request context; the
// directory bounds its own wait on WeCom.
func (d *Dashboard) name(userID string) string {
	return d.dir.Name(context.Background(), userID)
}
