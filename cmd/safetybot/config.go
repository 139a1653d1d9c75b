package main

import (
	"strings"
)

// config is the environment of the architecture page, read once.
type config struct {
	DB       string
	Addr     string
	Admins   []string
	PlanFile string
	getenv   func(string) string
}

func loadConfig(getenv func(string) string) config {
	c := config{
		DB:       getenv("SAFETYBOT_DB"),
		Addr:     getenv("SAFETYBOT_ADDR"),
		PlanFile: getenv("SAFETYBOT_PLAN"),
		getenv:   getenv,
	}
	if c.DB == "" {
		c.DB = "./safetybot.db"
	}
	if c.Addr == "" {
		c.Addr = ":8080"
	}
	for _, a := range strings.Split(getenv("SAFETYBOT_ADMINS"), ",") {
		if a = strings.TrimSpace(a); a != "" {
			c.Admins = append(c.Admins, a)
		}
	}
	return c
}
