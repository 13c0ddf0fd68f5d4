"""The YouTube Data API v3 resources Rumeur reads
(https://developers.google.com/youtube/v3/docs). Only the fields used are declared."""

from __future__ import annotations

from typing import TypedDict


class VideoSnippet(TypedDict, total=False):
    publishedAt: str  # set by YouTube
    channelId: str
    channelTitle: str
    title: str
    description: str
    defaultLanguage: str
    defaultAudioLanguage: str
    subscriberCount: str  # not YouTube's: added from channels.list


class VideoStatistics(TypedDict, total=False):
    viewCount: str
    likeCount: str
    commentCount: str


class Video(TypedDict, total=False):
    id: str
    snippet: VideoSnippet
    statistics: VideoStatistics


class CommentSnippet(TypedDict, total=False):
    videoId: str
    textOriginal: str
    textDisplay: str
    authorDisplayName: str
    authorChannelId: dict[str, str]
    likeCount: int
    publishedAt: str
    parentId: str  # replies only


class Comment(TypedDict, total=False):
    id: str
    snippet: CommentSnippet
