package main

import (
	"log/slog"

	"safetybot/directory"
	"safetybot/store"
	"safetybot/wecom/sender"
	"safetybot/wecom/wecomapi"
)

// wecomAPI builds the app's one WeCom API client, or nil without the app's
// credentials. The address book, the sender and web login share it, so the
// app's access token is fetched once per process, not once per user.
func wecomAPI(c wecomOutConfig) (*wecomapi.Client, error) {
	if c.CorpID == "" || c.AgentID == "" || c.Secret == "" {
		return nil, nil
	}
	api, err := wecomapi.New(wecomapi.Config{Base: c.APIBase, CorpID: c.CorpID, Secret: c.Secret})
	if err != nil {
		return nil, usagef("%v", err)
	}
	return api, nil
}

// newDirectory joins the store and the WeCom address book (user/get through
// the app's credentials and WECOM_API_BASE) into the safetybot.Directory
// every part shows people's names with. Without the app's credentials (api
// nil) only names set with 姓名 are known; the rest show as userids. A
// partial setting is left to wecomOutbound (serve) to report.
func newDirectory(c wecomOutConfig, api *wecomapi.Client, s *store.Store, log *slog.Logger) (*directory.Directory, error) {
	cfg := directory.Config{Store: s, Log: log}
	if api != nil {
		snd, err := sender.New(sender.Config{Client: api, CorpID: c.CorpID, AgentID: c.AgentID, Secret: c.Secret, Log: log})
		if err != nil {
			return nil, usagef("%v", err)
		}
		cfg.Book = snd
	}
	return directory.New(cfg), nil
}
