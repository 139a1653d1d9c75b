package main

import (
	"log/slog"

	"safetybot/directory"
	"safetybot/store"
	"safetybot/wecom/sender"
)

// newDirectory joins the store and the WeCom address book (user/get through
// the app's credentials and WECOM_API_BASE) into the safetybot.Directory
// every part shows people's names with. Without the app's credentials only
// names set with 姓名 are known; the rest show as userids.
func newDirectory(c wecomOutConfig, s *store.Store, log *slog.Logger) (*directory.Directory, error) {
	cfg := directory.Config{Store: s, Log: log}
	if c.appOn() {
		snd, err := sender.New(sender.Config{APIBase: c.APIBase, CorpID: c.CorpID, AgentID: c.AgentID, Secret: c.Secret, Log: log})
		if err != nil {
			return nil, usagef("%v", err)
		}
		cfg.Book = snd
	}
	return directory.New(cfg), nil
}
